import pg from 'pg';
import { openPostgres } from '#sql';
import { describeEventStoreContract, newEvent, uniqueCategory, uniqueStream } from '../contract/event-store.contract.js';
import { canonicalEnvelope } from '../envelope.js';
import { PostgresEventStore } from './postgres-event-store.js';
import { describeSqlEventTableRules } from './sql-event-table.contract.js';

const url = process.env.DATABASE_URL;
const skipReason = url ? null : 'DATABASE_URL is not set (CI sets it; e.g. postgres://postgres@127.0.0.1:5432/test)';

if (!url) {
  describe('event store contract: PostgreSQL', () => {
    it.skip(`skipped: ${skipReason}`, () => undefined);
  });
} else {
  const open = async () => {
    const sql = openPostgres(url, { max: 12 });
    return { sql, store: await PostgresEventStore.open(sql), close: () => sql.close() };
  };
  describeEventStoreContract('PostgreSQL', open);
  describeSqlEventTableRules('PostgreSQL', open);

  describe('PostgreSQL late commits', () => {
    let subject: Awaited<ReturnType<typeof open>>;
    const writers: pg.Client[] = [];
    beforeAll(async () => {
      subject = await open();
      for (let i = 0; i < 2; i++) {
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        writers.push(client);
      }
    });
    afterAll(async () => {
      await Promise.all(writers.map((w) => w.end()));
      await subject?.close();
    });

    const appendInOpenTransaction = async (client: pg.Client, stream: string, count: number) => {
      const events = Array.from({ length: count }, () => newEvent());
      const now = new Date().toISOString();
      await client.query('BEGIN');
      await client.query('SELECT * FROM lrr_append($1, $2, $3, $4, $5::uuid[], $6::text[], $7::text[], $8::timestamptz[])', [
        stream, stream.split('-')[0], 'no_stream', null, events.map((e) => e.eventId), events.map((e) => e.type),
        events.map((e) => canonicalEnvelope(stream, e, now)), events.map(() => now),
      ]);
      return events.map((e) => e.eventId);
    };

    it('a transaction that took a lower position and commits later is never skipped (200 randomized runs)', async () => {
      const category = uniqueCategory();
      const expected: string[] = [];
      const seen: string[] = [];
      const subscription = subject.store.subscribe({ category, batchSize: 3 });
      const consuming = (async () => {
        for await (const batch of subscription) seen.push(...batch.map((e) => e.eventId));
      })();
      const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
      for (let run = 0; run < 200; run++) {
        const [a, b] = writers as [pg.Client, pg.Client];
        const idsA = await appendInOpenTransaction(a, uniqueStream(category), 1 + (run % 3)); // A takes the lower positions
        const idsB = await appendInOpenTransaction(b, uniqueStream(category), 1 + ((run * 7) % 4));
        expected.push(...idsA, ...idsB);
        const bFirst = Math.random() < 0.8;
        await (bFirst ? b : a).query('COMMIT');
        if (Math.random() < 0.5) await sleep(Math.floor(Math.random() * 4));
        await (bFirst ? a : b).query('COMMIT');
      }
      for (let waited = 0; seen.length < expected.length && waited < 20_000; waited += 50) await sleep(50);
      await subscription.close();
      await consuming;
      expect(new Set(seen).size).toBe(seen.length); // none twice
      expect(expected.filter((id) => !seen.includes(id))).toEqual([]); // none skipped
      // Commit-safe order: within each transaction the batch stays contiguous and in position order.
      expect(seen.length).toBe(expected.length);
    }, 120_000);

    it('a reader going page by page (its next page read ahead) gets every event once, in commit order, late commits and later appends included', async () => {
      const category = uniqueCategory();
      for (let i = 0; i < 4; i++) await subject.store.append(uniqueStream(category), [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
      const late = await appendInOpenTransaction(writers[0]!, uniqueStream(category), 1);
      // Committed, but not readable until the late transaction ends.
      await subject.store.append(uniqueStream(category), [newEvent()], { expectedRevision: 'no_stream' });
      const seen: string[] = [];
      let after: string | null = null;
      for (let page = 0; page < 20; page++) {
        const { events, checkpoint } = await subject.store.readAll({ after, maxCount: 3, category });
        // Page 2 is being read ahead now, short (two events) unless it runs after this commit.
        if (page === 1) {
          await writers[0]!.query('COMMIT');
          await subject.store.append(uniqueStream(category), [newEvent()], { expectedRevision: 'no_stream' });
        }
        if (events.length === 0) break;
        seen.push(...events.map((e) => e.eventId));
        after = checkpoint;
      }
      const all = await subject.store.readAll({ category });
      expect(seen).toEqual(all.events.map((e) => e.eventId));
      expect(seen).toHaveLength(11);
      expect(seen).toContain(late[0]);
    });

    it('a reader by position alone would have skipped the late commit (the hazard is real)', async () => {
      const category = uniqueCategory();
      const [a, b] = writers as [pg.Client, pg.Client];
      const [idA] = await appendInOpenTransaction(a, uniqueStream(category), 1);
      const [idB] = await appendInOpenTransaction(b, uniqueStream(category), 1);
      await b.query('COMMIT');
      const naive = await subject.sql.query<{ event_id: string; position: string }>('SELECT event_id::text, position FROM lrr_events WHERE category = $1 ORDER BY position', [category]);
      expect(naive.rows.map((r) => r.event_id)).toEqual([idB]); // a position checkpoint would now move past A
      const safe = await subject.store.readAll({ category });
      expect(safe.events).toEqual([]); // ours waits for A
      await a.query('COMMIT');
      const after = await subject.store.readAll({ category });
      expect(after.events.map((e) => e.eventId)).toEqual([idA, idB]);
    });

    it('a long write in another database on the server does not hold readers here back', async () => {
      // Xids are cluster-wide: a transaction that wrote in the `postgres` database and is still open
      // has a lower xid than the append below, yet it can never write to this database's events.
      const elsewhere = new pg.Client({ connectionString: withDatabase(url, 'postgres') });
      await elsewhere.connect();
      try {
        await elsewhere.query('BEGIN');
        await elsewhere.query('SELECT pg_current_xact_id()');
        const category = uniqueCategory();
        const event = newEvent();
        await subject.store.append(uniqueStream(category), [event], { expectedRevision: 'no_stream' });
        const held = await subject.sql.query<{ held: boolean }>('SELECT pg_snapshot_xmin(pg_current_snapshot()) <= max(tx_id) AS held FROM lrr_events WHERE category = $1', [category]);
        expect(held.rows[0]!.held).toBe(true); // the snapshot's xmin alone would wait for the other database
        expect((await subject.store.readAll({ category })).events.map((e) => e.eventId)).toEqual([event.eventId]);
        // A transaction open in this database still holds it.
        const [a] = writers as [pg.Client, pg.Client];
        const [late] = await appendInOpenTransaction(a, uniqueStream(category), 1);
        const next = newEvent();
        await subject.store.append(uniqueStream(category), [next], { expectedRevision: 'no_stream' });
        expect((await subject.store.readAll({ category })).events.map((e) => e.eventId)).toEqual([event.eventId]);
        await a.query('COMMIT');
        expect((await subject.store.readAll({ category })).events.map((e) => e.eventId)).toEqual([event.eventId, late, next.eventId]);
      } finally {
        await elsewhere.query('ROLLBACK').catch(() => undefined);
        await elsewhere.end();
      }
    });
  });
}

/** The same server, another database. */
function withDatabase(connectionString: string, database: string): string {
  const parsed = new URL(connectionString);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

export { skipReason };
