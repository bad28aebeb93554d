import pg from 'pg';
import type { SqlClient, SqlQueryable } from './sql-client.js';

// int8 (bigint) as string is pg's default; keep it, callers convert where the range is safe.
export function openPostgres(connectionString: string, options: { max?: number; applicationName?: string } = {}): SqlClient {
  const pool = new pg.Pool({ connectionString, max: options.max ?? 10, application_name: options.applicationName ?? 'labor-relations-record' });
  // An idle client's error (server restart) must not crash the process; the next query reconnects.
  pool.on('error', () => undefined);
  let listener: pg.Client | null = null;
  const handlers = new Map<string, Set<() => void>>();

  const query: SqlQueryable['query'] = async (text, params) => {
    const result = await pool.query(text, params as unknown[]);
    return { rows: result.rows, rowCount: result.rowCount ?? 0 };
  };

  return {
    dialect: 'postgres',
    query,
    exec: async (text) => {
      await pool.query(text);
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const tx: SqlQueryable = {
          query: async (text, params) => {
            const r = await client.query(text, params as unknown[]);
            return { rows: r.rows, rowCount: r.rowCount ?? 0 };
          },
          exec: async (text) => {
            await client.query(text);
          },
        };
        const value = await fn(tx);
        await client.query('COMMIT');
        return value;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async listen(channel, onNotify) {
      if (!listener) {
        listener = new pg.Client({ connectionString });
        listener.on('error', () => undefined);
        listener.on('notification', (message) => handlers.get(message.channel)?.forEach((h) => h()));
        await listener.connect();
      }
      let set = handlers.get(channel);
      if (!set) {
        set = new Set();
        handlers.set(channel, set);
        await listener.query(`LISTEN ${pgIdentifier(channel)}`);
      }
      set.add(onNotify);
      return async () => {
        set.delete(onNotify);
      };
    },
    async close() {
      await listener?.end().catch(() => undefined);
      listener = null;
      await pool.end();
    },
  };
}

export function pgIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid SQL identifier: ${name}`);
  return name;
}
