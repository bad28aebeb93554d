import { PGlite } from '@electric-sql/pglite';
import { lockDataDirectory } from './data-dir-lock.js';
import type { SqlClient, SqlQueryable } from './sql-client.js';
import { asStoreUnavailable } from './store-unavailable.js';
import { join } from 'node:path';

/**
 * Embedded PostgreSQL (WebAssembly, in-process, one connection). `dataDir` null means in memory.
 * PGlite serialises queries itself; a transaction holds the connection exclusively.
 */
export async function openPglite(dataDir: string | null): Promise<SqlClient> {
  const release = dataDir ? lockDataDirectory(dataDir) : () => undefined;
  let db: PGlite;
  try {
    db = dataDir ? await PGlite.create(join(dataDir, 'pglite')) : await PGlite.create();
  } catch (error) {
    release();
    throw error;
  }
  // A full disk (the one way an embedded database goes away) reaches callers as StoreUnavailable.
  const wrap = (q: Pick<PGlite, 'query' | 'exec'>): SqlQueryable => ({
    exec: async (text: string) => {
      await q.exec(text).catch((error: unknown) => Promise.reject(asStoreUnavailable(error)));
    },
    query: async <Row>(text: string, params?: readonly unknown[]) => {
      const r = await q.query<Row>(text, params as unknown[]).catch((error: unknown) => Promise.reject(asStoreUnavailable(error)));
      // PGlite reports affectedRows 0 for a SELECT; count returned rows then.
      return { rows: r.rows, rowCount: Math.max(r.affectedRows ?? 0, r.rows.length) };
    },
  });
  return {
    dialect: 'pglite',
    ...wrap(db),
    transaction: (fn) => db.transaction((tx) => fn(wrap(tx))).catch((error: unknown) => Promise.reject(asStoreUnavailable(error))),
    async listen(channel, onNotify) {
      const unsubscribe = await db.listen(channel, () => onNotify());
      return async () => unsubscribe();
    },
    async close() {
      try {
        await db.close();
      } finally {
        release();
      }
    },
  };
}
