import type { SqlClient } from '#sql';
import type { EventStore } from '../event-store.port.js';
import { newEvent, uniqueStream } from '../contract/event-store.contract.js';

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

    it('chains hashes in SQL exactly as the verifier does in TypeScript', async () => {
      const stream = uniqueStream();
      await subject.store.append(stream, [newEvent('A', { text: 'Article 24 — salary: 3% “retroactive”' }), newEvent('B')], { expectedRevision: 'no_stream' });
      const { rows } = await subject.sql.query<{ hash: string }>('SELECT hash FROM lrr_events WHERE stream = $1 ORDER BY revision', [stream]);
      const read = await subject.store.readStream(stream);
      const { verifyChain } = await import('../envelope.js');
      expect(verifyChain(read).intact).toBe(true);
      expect(rows.map((r) => r.hash)).toEqual(read.map((e) => e.hash));
    });
  });
}
