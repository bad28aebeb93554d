import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataDirectoryLocked, openPglite } from '#sql';
import { describeEventStoreContract, newEvent, uniqueStream } from '../contract/event-store.contract.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { describeSqlEventTableRules } from './sql-event-table.contract.js';
import { openEmbeddedSql, pgliteOptions } from '#testing';

describeEventStoreContract('PGlite (embedded)', async () => {
  const sql = await openEmbeddedSql();
  return { store: await PostgresEventStore.open(sql), close: () => sql.close() };
});

describeSqlEventTableRules('PGlite (embedded)', async () => {
  const sql = await openEmbeddedSql();
  return { sql, store: await PostgresEventStore.open(sql), close: () => sql.close() };
});

describe('PGlite commit order across transaction-id digit boundaries', () => {
  it('orders by transaction id as a number: a fresh store crosses xid 1000 without skipping or repeating', async () => {
    const sql = await openEmbeddedSql();
    try {
      const store = await PostgresEventStore.open(sql);
      // Transaction ids spent cheaply up to just below 1000, then appends across it.
      for (;;) {
        const { rows } = await sql.query<{ xid: string }>('SELECT pg_current_xact_id()::text AS xid');
        if (Number(rows[0]!.xid) >= 980) break;
      }
      const ids: string[] = [];
      for (let i = 0; i < 40; i++) {
        const event = newEvent();
        await store.append(uniqueStream('digits'), [event], { expectedRevision: 'no_stream' });
        ids.push(event.eventId);
      }
      const { rows } = await sql.query<{ lo: string; hi: string }>('SELECT min(tx_id)::text AS lo, max(tx_id)::text AS hi FROM lrr_events');
      expect(rows[0]!.lo.length).toBeLessThan(rows[0]!.hi.length); // the run did cross a digit boundary
      const seen: string[] = [];
      let after: string | null = null;
      for (;;) {
        const page = await store.readAll({ after, maxCount: 9 });
        if (page.events.length === 0) break;
        seen.push(...page.events.map((e) => e.eventId));
        after = page.checkpoint;
      }
      expect(seen).toEqual(ids);
    } finally {
      await sql.close();
    }
  }, 120_000);
});

describe('PGlite data directory', () => {
  it('persists events across reopen and refuses a second opener while locked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lrr-pglite-'));
    try {
      // A new data directory copies the suite's initialised template (PGLITE_TEMPLATE_DIR) when there is one.
      const sql = await openPglite(dir, pgliteOptions());
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
