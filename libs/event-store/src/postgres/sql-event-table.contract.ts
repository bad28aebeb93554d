import type { SqlClient } from '#sql';
import { DuplicateEventId, type EventStore, StoredChainBroken, WrongExpectedRevision } from '../event-store.port.js';
import { verifyChain } from '../envelope.js';
import { newEvent, uniqueCategory, uniqueStream } from '../contract/event-store.contract.js';
import { PostgresEventStore } from './postgres-event-store.js';

/** Rules the SQL adapters (PostgreSQL, PGlite) add on top of the port's contract. */
export function describeSqlEventTableRules(name: string, open: () => Promise<{ sql: SqlClient; store: EventStore; close(): Promise<void> }>): void {
  describe(`SQL event table rules: ${name}`, () => {
    let subject: Awaited<ReturnType<typeof open>>;
    beforeAll(async () => {
      subject = await open();
    }, 120_000);
    afterAll(() => subject?.close());

    it('rejects UPDATE, DELETE and TRUNCATE on the events table', async () => {
      const stream = uniqueStream();
      await subject.store.append(stream, [newEvent()], { expectedRevision: 'no_stream' });
      await expect(subject.sql.query(`UPDATE lrr_events SET type = 'Forged' WHERE stream = $1`, [stream])).rejects.toThrow(/append-only: UPDATE/);
      await expect(subject.sql.query('DELETE FROM lrr_events WHERE stream = $1', [stream])).rejects.toThrow(/append-only: DELETE/);
      await expect(subject.sql.query('TRUNCATE lrr_events')).rejects.toThrow(/append-only: TRUNCATE/);
      expect((await subject.store.readStream(stream)).map((e) => e.type)).toEqual(['SomethingRecorded']);
    });

    it('keeps every stream head: no DELETE or TRUNCATE, and an UPDATE only forward to the latest event', async () => {
      const stream = uniqueStream();
      await subject.store.append(stream, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
      await expect(subject.sql.query('DELETE FROM lrr_streams WHERE stream = $1', [stream])).rejects.toThrow(/keeps every stream head: DELETE/);
      await expect(subject.sql.query('TRUNCATE lrr_streams')).rejects.toThrow(/keeps every stream head: TRUNCATE/);
      await expect(subject.sql.query('UPDATE lrr_streams SET revision = 0 WHERE stream = $1', [stream])).rejects.toThrow(/may only move forward/);
      await expect(subject.sql.query('UPDATE lrr_streams SET revision = 5 WHERE stream = $1', [stream])).rejects.toThrow(/may only move forward/);
      await expect(subject.sql.query(`UPDATE lrr_streams SET head_hash = repeat('a', 64) WHERE stream = $1`, [stream])).rejects.toThrow(/may only move forward/);
      await subject.store.append(stream, [newEvent()], { expectedRevision: 1 });
      expect((await subject.store.readStream(stream)).map((e) => e.revision)).toEqual([0, 1, 2]);
    });

    it('a read that meets a broken chain names the stream and revision (what only a role that can disable the triggers could do)', async () => {
      // Tampered inside a transaction that is rolled back: the shared database keeps an intact record.
      const broken = async (tamper: string, revision: number, detail: RegExp) => {
        const stream = uniqueStream();
        await subject.store.append(stream, [newEvent(), newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        const rollback = new Error('rollback');
        const error = await subject.sql
          .transaction(async (tx) => {
            await tx.exec('ALTER TABLE lrr_events DISABLE TRIGGER USER');
            await tx.query(tamper, [stream]);
            const inTransaction = await PostgresEventStore.open({ ...subject.sql, ...tx, transaction: (fn) => fn(tx) }, { migrate: false });
            const read = await inTransaction.readStream(stream).then(() => null, (e: unknown) => e);
            throw read ?? rollback;
          })
          .catch((e: unknown) => e);
        expect(error).toBeInstanceOf(StoredChainBroken);
        expect(error).toMatchObject({ stream, revision });
        expect((error as Error).message).toMatch(detail);
        expect(await subject.store.readStream(stream)).toHaveLength(3);
      };
      await broken(`UPDATE lrr_events SET canonical = replace(canonical, '"fact"', '"forged"') WHERE stream = $1 AND revision = 1`, 1, /does not hash/);
      await broken('DELETE FROM lrr_events WHERE stream = $1 AND revision = 1', 1, /missing/);
      await broken('DELETE FROM lrr_events WHERE stream = $1 AND revision = 2', 2, /head is at revision 2 but its events end at 1/);
      await broken(`UPDATE lrr_events SET canonical = 'not json' WHERE stream = $1 AND revision = 0`, 0, /not an event envelope/);
    });

    it('chains hashes in SQL exactly as the verifier does in TypeScript', async () => {
      const stream = uniqueStream();
      await subject.store.append(stream, [newEvent('A', { text: 'Article 24 — salary: 3% “retroactive”' }), newEvent('B')], { expectedRevision: 'no_stream' });
      const { rows } = await subject.sql.query<{ hash: string }>('SELECT hash FROM lrr_events WHERE stream = $1 ORDER BY revision', [stream]);
      const read = await subject.store.readStream(stream);
      expect(verifyChain(read).intact).toBe(true);
      expect(rows.map((r) => r.hash)).toEqual(read.map((e) => e.hash));
    });

    it('commits appends that arrive together in shared transactions, each checked against its own expectation', async () => {
      const category = uniqueCategory();
      const streams = Array.from({ length: 40 }, () => uniqueStream(category));
      // Each stream twice, both expecting it new: one of the two must lose, whichever batch they land in.
      const outcomes = await Promise.allSettled(
        [...streams, ...streams].map((stream, i) => subject.store.append(stream, [newEvent('A', { i }), newEvent('B', { i })], { expectedRevision: 'no_stream' })),
      );
      const won = outcomes.filter((o) => o.status === 'fulfilled');
      const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(won).toHaveLength(40);
      expect(lost.every((o) => o.reason instanceof WrongExpectedRevision)).toBe(true);
      for (const stream of streams) {
        const read = await subject.store.readStream(stream);
        expect(read.map((e) => [e.revision, e.type])).toEqual([[0, 'A'], [1, 'B']]);
        expect(verifyChain(read).intact).toBe(true);
      }
      // They did share commits: fewer transactions than appends.
      const { rows } = await subject.sql.query<{ n: string }>('SELECT count(DISTINCT tx_id) AS n FROM lrr_events WHERE category = $1', [category]);
      expect(Number(rows[0]!.n)).toBeLessThan(40);
    });

    it('answers an append that fails inside a shared commit alone: the others are stored', async () => {
      const taken = newEvent();
      await subject.store.append(uniqueStream(), [taken], { expectedRevision: 'no_stream' });
      const streams = Array.from({ length: 20 }, () => uniqueStream());
      const outcomes = await Promise.allSettled(
        streams.map((stream, i) => subject.store.append(stream, [i === 7 ? { ...newEvent(), eventId: taken.eventId } : newEvent()], { expectedRevision: 'no_stream' })),
      );
      expect(outcomes.map((o) => o.status)).toEqual(streams.map((_, i) => (i === 7 ? 'rejected' : 'fulfilled')));
      expect((outcomes[7] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventId);
      for (const [i, stream] of streams.entries()) {
        if (i === 7) await expect(subject.store.readStream(stream)).rejects.toThrow();
        else expect(await subject.store.readStream(stream)).toHaveLength(1);
      }
    });
  });
}
