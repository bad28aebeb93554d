import { PGlite } from '@electric-sql/pglite';
import { cpSync, existsSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lockDataDirectory } from './data-dir-lock.js';
import type { SqlClient, SqlQueryable } from './sql-client.js';
import { asStoreUnavailable } from './store-unavailable.js';

export interface PgliteOptions {
  /**
   * An initialised PGlite data directory (see `createPgliteTemplate`) copied in place of running
   * initdb when the store is new: a copy opens in a fraction of initdb's time (seconds on 2 cores).
   * A store without a data directory is then a copy in a temporary directory, removed at close.
   */
  readonly template?: string;
}

/** Runs PGlite's initdb once into `directory`, for `PgliteOptions.template`. */
export async function createPgliteTemplate(directory: string): Promise<void> {
  const db = await PGlite.create(directory);
  await db.close();
}

/** Temporary copies still open: removed when the process exits without closing them. */
const temporaryCopies = new Set<string>();
let removeCopiesAtExit = false;

function temporaryCopy(): string {
  const directory = mkdtempSync(join(tmpdir(), 'lrr-pglite-'));
  temporaryCopies.add(directory);
  if (!removeCopiesAtExit) {
    removeCopiesAtExit = true;
    process.once('exit', () => temporaryCopies.forEach((d) => rmSync(d, { recursive: true, force: true })));
  }
  return directory;
}

function removeTemporaryCopy(directory: string): void {
  temporaryCopies.delete(directory);
  rmSync(directory, { recursive: true, force: true });
}

/**
 * Embedded PostgreSQL (WebAssembly, in-process, one connection). `dataDir` null means a store that
 * lives as long as the client (in memory, or a temporary copy of the template).
 * PGlite serialises queries itself; a transaction holds the connection exclusively.
 */
export async function openPglite(dataDir: string | null, options: PgliteOptions = {}): Promise<SqlClient> {
  const { template } = options;
  const copy = dataDir === null && template ? temporaryCopy() : null;
  const lock = dataDir ? lockDataDirectory(dataDir) : () => undefined;
  const release = () => {
    lock();
    if (copy) removeTemporaryCopy(copy);
  };
  let db: PGlite;
  try {
    const directory = dataDir ? join(dataDir, 'pglite') : copy ? join(copy, 'pglite') : null;
    if (directory && template && !existsSync(directory)) {
      // Copied beside and renamed, so an interrupted copy is never opened as a store.
      const partial = `${directory}.partial-${process.pid}`;
      cpSync(template, partial, { recursive: true });
      renameSync(partial, directory);
    }
    db = directory ? await PGlite.create(directory) : await PGlite.create();
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
