import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirectoryLocked, openPglite } from '#sql';
import { describeEventStoreContract, newEvent, uniqueStream } from '../contract/event-store.contract.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { describeSqlEventTableRules } from './sql-event-table.contract.js';

describeEventStoreContract('PGlite (embedded)', async () => {
  const sql = await openPglite(null);
  return { store: await PostgresEventStore.open(sql), close: () => sql.close() };
});

describeSqlEventTableRules('PGlite (embedded)', async () => {
  const sql = await openPglite(null);
  return { sql, store: await PostgresEventStore.open(sql), close: () => sql.close() };
});

describe('PGlite data directory', () => {
  it('persists events across reopen and refuses a second opener while locked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lrr-pglite-'));
    try {
      const sql = await openPglite(dir);
      const store = await PostgresEventStore.open(sql);
      const stream = uniqueStream();
      await store.append(stream, [newEvent()], { expectedRevision: 'no_stream' });
      await expect(openPglite(dir)).rejects.toThrow(DataDirectoryLocked);
      await expect(openPglite(dir)).rejects.toThrow(/data directory .* is in use by process \d+/);
      await sql.close();
      const reopened = await openPglite(dir);
      const again = await PostgresEventStore.open(reopened);
      expect((await again.readStream(stream)).length).toBe(1);
      await reopened.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 120_000);
});
