import { randomUUID } from 'node:crypto';
import { NegotiationFiles } from '#access';
import { type EventStore, type RecordedEvent, type Stores } from '#event-store';
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

describe('a negotiation file’s information requests', () => {
  let stores: Stores;
  const batches = equivalenceRecord();
  const negotiations = [...new Set(batches.filter((b) => b.events[0]?.type === 'NegotiationOpened').map((b) => b.stream.slice('negotiation-'.length)))];

  beforeAll(async () => {
    stores = await openEmbeddedStores();
    await appendSimulated(stores.events, batches);
  });
  afterAll(() => stores.close());

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
