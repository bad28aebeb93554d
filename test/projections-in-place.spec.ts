import type { RecordedEvent } from '#event-store';
import { ALL_PROJECTIONS } from '#read-models';
import { type DocumentProjection, evolveDocuments } from '#read-store';
import { streamCategory } from '#event-store';
import { RecordSimulator, equivalenceRecord } from './harness/record-simulator.js';

/**
 * A projection's batch is one fold whose documents are written in place (libs/kernel/src/records.ts).
 * Every projection must answer the documents that evolving one event at a time outside a fold gives,
 * however the events are cut into batches, and must leave the documents a batch started from (the
 * committed ones, kept by the cache) as they were.
 */
describe('projections evolved in batches, in place', () => {
  const simulator = new RecordSimulator(23);
  simulator.busyNegotiation(600);
  const batches = [...equivalenceRecord(), ...simulator.drain()];
  const revisions = new Map<string, number>();
  const events: RecordedEvent[] = batches.flatMap((batch) =>
    batch.events.map((event) => {
      const revision = (revisions.get(batch.stream) ?? -1) + 1;
      revisions.set(batch.stream, revision);
      const n = [...revisions.values()].length;
      return {
        ...event,
        stream: batch.stream,
        schemaVersion: event.schemaVersion ?? 1,
        recordedAt: event.recordedAt ?? '2026-01-01T00:00:00.000Z',
        causationId: event.causationId ?? null,
        commandId: event.commandId ?? null,
        revision,
        position: String(n).padStart(12, '0'),
        canonical: '',
        prevHash: '',
        hash: '',
      } as RecordedEvent;
    }),
  );
  const json = (docs: ReadonlyMap<string, unknown>) => JSON.stringify([...docs].sort(([a], [b]) => (a < b ? -1 : 1)));

  const relevantTo = (projection: DocumentProjection, list: readonly RecordedEvent[]) => list.filter((e) => projection.categories.includes(streamCategory(e.stream)));

  // Some table facts marked confidential: a clearance view splits at each, the levels below keeping
  // the view the levels above evolve (what shareParts guards).
  let sessions = 0;
  const marked = events.map((event) => (event.type === 'SessionHeld' && ++sessions % 5 === 0 ? { ...event, classification: { level: 'confidential', basis: 'caucus minutes' } } : event)) as RecordedEvent[];

  it.each(ALL_PROJECTIONS.flatMap((p) => [[p.name, p, events] as const, [`${p.name} (some table facts confidential)`, p, marked] as const]))('%s: batches of any size give the documents one event at a time gives', (_name, projection, record) => {
    const relevant = relevantTo(projection, record);
    const oneByOne = new Map<string, unknown>();
    for (const event of relevant) for (const key of projection.keys(event)) oneByOne.set(key, projection.evolve((oneByOne.get(key) ?? null) as never, event, key));
    expect(relevant.length).toBeGreaterThan(0);

    for (const size of [relevant.length, 997, 64]) {
      const docs = new Map<string, unknown>();
      for (let start = 0; start < relevant.length; start += size) {
        const batch = relevant.slice(start, start + size);
        const committed = json(docs);
        const kept = new Map(docs);
        evolveDocuments(projection, batch, batch.map((e) => projection.keys(e)), docs, new Map());
        // What the batch started from is as it was: the cache keeps those documents.
        expect(json(kept)).toBe(committed);
      }
      expect(json(docs)).toBe(json(oneByOne));
    }
  });
});
