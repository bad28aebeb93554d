import pg from 'pg';
import type { SqlClient, SqlQueryable } from './sql-client.js';
import { asStoreUnavailable, isStoreUnavailable, reconnectDelay } from './store-unavailable.js';

export interface PostgresOptions {
  readonly max?: number;
  /** Shown in pg_stat_activity; an `application_name` in the connection string wins over it. */
  readonly applicationName?: string;
  /** A connection that cannot be had within this time fails (503) instead of leaving a request waiting. */
  readonly connectionTimeoutMs?: number;
}

/**
 * A PostgreSQL pool behind the SqlClient seam. Losing the server never crashes the process: every
 * pg client has an 'error' listener (idle ones through the pool, checked-out ones while a
 * transaction holds them, the LISTEN connection always); a connection failure reaches the caller
 * as StoreUnavailable, and the next query connects afresh. The LISTEN connection reconnects by
 * itself with back-off and listens again. int8 (bigint) stays a string, pg's default.
 */
export function openPostgres(connectionString: string, options: PostgresOptions = {}): SqlClient {
  const settings = {
    connectionString,
    application_name: options.applicationName ?? 'labor-relations-record',
    connectionTimeoutMillis: options.connectionTimeoutMs ?? 5_000,
    // A server that vanished without closing the socket is noticed instead of waited on forever.
    keepAlive: true,
  };
  const pool = new pg.Pool({ ...settings, max: options.max ?? 10 });
  // An idle client's error (server restart, terminated backend) is the pool's: it drops the client.
  pool.on('error', () => undefined);
  const listener = new NotificationListener(settings);

  const query: SqlQueryable['query'] = async (text, params) => {
    try {
      const result = await pool.query(text, params as unknown[]);
      return { rows: result.rows, rowCount: result.rowCount ?? 0 };
    } catch (error) {
      throw asStoreUnavailable(error);
    }
  };

  return {
    dialect: 'postgres',
    query,
    exec: async (text) => {
      await query(text);
    },
    async transaction(fn) {
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw asStoreUnavailable(error);
      }
      // Checked out, the client is not the pool's to watch: without a listener of ours, a backend
      // terminated between two statements would be an unhandled 'error' event.
      let lost: unknown = null;
      const onError = (error: unknown) => {
        lost ??= error;
      };
      client.on('error', onError);
      let broken: Error | undefined;
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
        const cause = isStoreUnavailable(error) ? error : lost;
        if (cause) {
          broken = cause as Error;
          throw asStoreUnavailable(cause);
        }
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        // A client that lost its connection is dropped by the pool, not handed out again.
        client.release(broken);
        client.removeListener('error', onError);
      }
    },
    listen: (channel, onNotify) => listener.listen(channel, onNotify),
    async close() {
      await listener.close();
      await pool.end();
    },
  };
}

/**
 * The one connection that LISTENs for the process. It is dedicated (a pooled client would be handed
 * to others), so it keeps itself alive: when it drops it reconnects with jittered, capped back-off,
 * listens on every channel again, and wakes every handler once, since notifications sent while it
 * was away are lost (subscribers then read from their checkpoints).
 */
class NotificationListener {
  private client: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private readonly handlers = new Map<string, Set<() => void>>();
  private attempts = 0;
  private timer: NodeJS.Timeout | null = null;
  private closed = false;

  constructor(private readonly settings: pg.ClientConfig) {}

  async listen(channel: string, onNotify: () => void): Promise<() => Promise<void>> {
    pgIdentifier(channel);
    let set = this.handlers.get(channel);
    if (!set) {
      set = new Set();
      this.handlers.set(channel, set);
      if (this.client) await this.client.query(`LISTEN ${channel}`).catch(() => undefined);
    }
    set.add(onNotify);
    // The first connection is awaited (when the server is up) so a caller's first NOTIFY is not
    // missed; when it is down, the listener keeps trying in the background and the caller goes on.
    if (!this.client) await this.connect().catch(() => undefined);
    return async () => {
      set.delete(onNotify);
    };
  }

  private connect(): Promise<void> {
    this.connecting ??= this.open().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  private async open(): Promise<void> {
    if (this.closed || this.client) return;
    const client = new pg.Client(this.settings);
    client.on('error', () => this.dropped(client));
    client.on('end', () => this.dropped(client));
    client.on('notification', (message) => this.handlers.get(message.channel)?.forEach((handler) => handler()));
    try {
      await client.connect();
      for (const channel of this.handlers.keys()) await client.query(`LISTEN ${channel}`);
    } catch (error) {
      client.removeAllListeners('end');
      await client.end().catch(() => undefined);
      this.retryLater();
      throw error;
    }
    if (this.closed) {
      await client.end().catch(() => undefined);
      return;
    }
    const reconnected = this.attempts > 0;
    this.client = client;
    this.attempts = 0;
    if (reconnected) for (const set of this.handlers.values()) set.forEach((handler) => handler());
  }

  private dropped(client: pg.Client): void {
    if (this.client !== client) return;
    this.client = null;
    client.end().catch(() => undefined);
    this.retryLater();
  }

  private retryLater(): void {
    if (this.closed || this.timer) return;
    this.attempts += 1;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.connect().catch(() => undefined);
    }, reconnectDelay(this.attempts));
    this.timer.unref();
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.connecting?.catch(() => undefined);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }
}

export function pgIdentifier(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`invalid SQL identifier: ${name}`);
  return name;
}

/** Any name (a role's, say) as a quoted SQL identifier. */
export function quotedIdentifier(name: string): string {
  if (name.length === 0 || name.includes('\u0000')) throw new Error(`invalid SQL identifier: ${JSON.stringify(name)}`);
  return `"${name.replace(/"/g, '""')}"`;
}
