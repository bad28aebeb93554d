import { randomUUID } from 'node:crypto';
import { NegotiationFiles, classificationBook, classificationStream, recordedChanges, type ClassificationBook } from '#access';
import { type EventStore, type RecordedEvent, readStreamOrEmpty, type Stores } from '#event-store';
import { informationRequestStream } from '#information-requests';
import { appendSimulated, equivalenceRecord } from './harness/record-simulator.js';
import { openEmbeddedStores } from '#testing';

/**
 * NegotiationFiles finds a negotiation's information requests through an index it keeps up with the
 * inforequest category instead of scanning the whole category on every read. Its answer must be the
 * scan's: the same streams, in the same order, with the same events.
 */

/** The fold the index replaced: every event of the category, grouped by stream, kept where the request names the negotiation. */
async function requestsByScan(store: EventStore, negotiationId: string): Promise<Map<string, string[]>> {
  const byStream = new Map<string, RecordedEvent[]>();
  for (let after: string | null = null; ; ) {
    const page = await store.readAll({ category: 'inforequest', after, maxCount: 1000 });
    for (const event of page.events) byStream.set(event.stream, [...(byStream.get(event.stream) ?? []), event]);
    if (page.events.length < 1000 || page.checkpoint === null) break;
    after = page.checkpoint;
  }
  const mine = new Map<string, string[]>();
  for (const [stream, events] of byStream) {
    const received = events.find((event) => event.type === 'InformationRequestReceived');
    if (received && received.data['negotiationId'] === negotiationId) mine.set(stream, events.sort((a, b) => a.revision - b.revision).map((e) => e.eventId));
  }
  return mine;
}

const byIndex = async (files: NegotiationFiles, negotiationId: string) =>
  new Map([...(await files.read(negotiationId)).informationRequests].map(([stream, events]) => [stream, events.map((e) => e.eventId)]));

// One store with the simulated record for both parts: recording it is most of the suite's time.
let stores: Stores;
const batches = equivalenceRecord();
const negotiations = [...new Set(batches.filter((b) => b.events[0]?.type === 'NegotiationOpened').map((b) => b.stream.slice('negotiation-'.length)))];
beforeAll(async () => {
  stores = await openEmbeddedStores();
  await appendSimulated(stores.events, batches);
});
afterAll(() => stores.close());

describe('a negotiation file’s information requests', () => {

  it('are the streams, order and events the scan of the whole category finds, for every negotiation of the simulated record', async () => {
    const files = new NegotiationFiles(stores.events);
    let withRequests = 0;
    for (const id of negotiations) {
      const expected = await requestsByScan(stores.events, id);
      if (expected.size > 0) withRequests += 1;
      expect([...(await byIndex(files, id))]).toEqual([...expected]);
    }
    expect(withRequests).toBeGreaterThan(3);
  });

  it('still are after requests and facts recorded since the index last read the category', async () => {
    const files = new NegotiationFiles(stores.events);
    const id = negotiations[0]!;
    await files.read(id);
    const requestId = `rfi_after_${randomUUID().slice(0, 8)}`;
    const received = (await stores.events.readAll({ category: 'inforequest', maxCount: 1 })).events[0]!;
    await stores.events.append(
      informationRequestStream(requestId),
      [{ eventId: randomUUID(), type: 'InformationRequestReceived', data: { ...received.data, requestId, negotiationId: id }, occurredAt: received.occurredAt, actor: received.actor, correlationId: randomUUID(), classification: received.classification }],
      { expectedRevision: 'no_stream' },
    );
    const expected = await requestsByScan(stores.events, id);
    expect(expected.has(informationRequestStream(requestId))).toBe(true);
    expect([...(await byIndex(files, id))]).toEqual([...expected]);
  });
});

/**
 * The classification book the bargaining read routes screen by is kept between requests (the
 * facts the automatic rules read, caught up with what was recorded since) instead of being built
 * from the whole negotiation stream on each request. It must be the book the whole stream builds.
 */
describe('a negotiation’s classification book, kept between requests', () => {
  const DAYS = ['2025-01-01', '2025-06-30', '2025-11-14', '2025-11-15', '2026-12-31'];

  /** The book as built from every event of the negotiation stream and its classification stream. */
  async function wholeStreamBook(id: string): Promise<{ book: ClassificationBook; events: RecordedEvent[] }> {
    const events = await readStreamOrEmpty(stores.events, `negotiation-${id}`);
    return { book: classificationBook(events, recordedChanges(await readStreamOrEmpty(stores.events, classificationStream(id)))), events };
  }

  async function expectSameBook(files: NegotiationFiles, id: string): Promise<void> {
    const kept = await files.classificationBook(id);
    const { book, events } = await wholeStreamBook(id);
    expect(kept.changes).toEqual(book.changes);
    for (const event of events) {
      expect(kept.historyOf(event)).toEqual(book.historyOf(event));
      for (const day of DAYS) expect(kept.classificationOf(event, day)).toEqual(book.classificationOf(event, day));
    }
  }

  it('is the book the whole stream builds, for every negotiation of the simulated record (automatic changes among them), asked once and again', async () => {
    const files = new NegotiationFiles(stores.events);
    let automatic = 0;
    for (const id of negotiations) {
      await expectSameBook(files, id);
      await expectSameBook(files, id);
      automatic += (await files.classificationBook(id)).changes.filter((c) => c.source.kind === 'automatic').length;
    }
    expect(automatic).toBeGreaterThan(0);
  });

  it('still is after a correction and a classification change recorded since it was last asked', async () => {
    const files = new NegotiationFiles(stores.events);
    const id = negotiations[0]!;
    await expectSameBook(files, id);
    const { events } = await wholeStreamBook(id);
    const report = events.find((e) => e.type === 'FactfindingReportIssued') ?? events.at(-1)!;
    const last = events.at(-1)!;
    const correction = {
      eventId: randomUUID(),
      type: 'CorrectionRecorded',
      data: { negotiationId: id, correctedEventId: report.eventId, correctedEventType: report.type, reason: 'mis-keyed', correctedFields: { occurredAt: { at: '2025-10-01', precision: 'day' } } },
      occurredAt: { at: '2025-12-01', precision: 'day' as const },
      actor: last.actor,
      correlationId: randomUUID(),
      classification: report.classification,
    };
    await stores.events.append(`negotiation-${id}`, [correction], { expectedRevision: last.revision });
    const changed = {
      eventId: randomUUID(),
      type: 'ClassificationChanged',
      data: { negotiationId: id, targetEventId: report.eventId, targetStream: report.stream, targetType: report.type, from: report.classification, to: { level: 'confidential', basis: 'a later decision' }, effectiveOn: '2025-12-02', reason: 'a later decision' },
      occurredAt: { at: '2025-12-02', precision: 'day' as const },
      actor: last.actor,
      correlationId: randomUUID(),
      classification: { level: 'internal' as const, basis: 'a classification decision' },
    };
    await stores.events.append(classificationStream(id), [changed], { expectedRevision: 'any' });
    const kept = await files.classificationBook(id);
    expect(kept.changes.filter((c) => c.targetEventId === correction.eventId || c.source.kind === 'recorded').length).toBeGreaterThan(0);
    await expectSameBook(files, id);
  });

  it('answers 404 for a negotiation never opened, as the whole-stream read does', async () => {
    const files = new NegotiationFiles(stores.events);
    await expect(files.classificationBook('neg_never_opened')).rejects.toMatchObject({ code: 'NEGOTIATION_NOT_FOUND' });
    await expect(files.negotiationEvents('neg_never_opened')).rejects.toMatchObject({ code: 'NEGOTIATION_NOT_FOUND' });
  });
});
