import { randomUUID } from 'node:crypto';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import type { Command, Decider, Event } from '#kernel';
import { describeEventStoreContract, newEvent, uniqueCategory, uniqueStream } from '../contract/event-store.contract.js';
import { handleCommand } from '../command-handling.js';
import { verifyChain } from '../envelope.js';
import { type AppendResult, DuplicateEventId, type RecordedEvent, StreamNotFound, WrongExpectedRevision } from '../event-store.port.js';
import { StreamDeletedInEventStoreDb } from './append-rules.js';
import { ForeignEvent } from './codec.js';
import { EventStoreDbEventStore } from './eventstoredb-event-store.js';
import { EsdbTestCluster } from './testing/wire/cluster.js';

/**
 * The adapter over the wire: the real `@eventstore/db-client` speaking gRPC over HTTP/2 to the
 * wire test server (testing/wire), which implements EventStoreDB's protocol from the definitions
 * shipped in the client package and behaves as EventStoreDB documents. This is not EventStoreDB:
 * the contract against a real server runs in eventstoredb-event-store.int.spec.ts where one is
 * reachable (CI starts one).
 */

// Log positions far beyond 2^53: a position that passed through a JS number would come back wrong.
const LOG_START = 2n ** 60n;

const contract = describeEventStoreContract('EventStoreDB adapter over gRPC to the wire test server (real @eventstore/db-client, HTTP/2)', async () => {
  const cluster = await EsdbTestCluster.start(1, { initialPosition: LOG_START });
  const store = await EventStoreDbEventStore.connect(cluster.leaderNode.connectionString);
  return {
    store,
    close: async () => {
      await store.close();
      await cluster.stop();
    },
  };
});

afterAll(() => {
  console.log(`EventStoreDB wire server: ${contract.passed()} of ${contract.registered} event store contract cases passed over gRPC (real @eventstore/db-client)`);
});

describe('EventStoreDB adapter over the wire: what only EventStoreDB has', () => {
  let cluster: EsdbTestCluster;
  let store: EventStoreDbEventStore;
  let raw: EventStoreDBClient;
  beforeAll(async () => {
    cluster = await EsdbTestCluster.start(1, { initialPosition: LOG_START });
    store = await EventStoreDbEventStore.connect(cluster.leaderNode.connectionString);
    raw = EventStoreDBClient.connectionString(cluster.leaderNode.connectionString);
  });
  afterAll(async () => {
    await raw?.dispose();
    await store?.close();
    await cluster?.stop();
  });

  it('keeps the canonical text byte for byte, non-ASCII and integer-like keys included, with positions beyond 2^53', async () => {
    const stream = uniqueStream();
    const event = newEvent('ProposalTabled', { note: 'Ñandú — “article 7” 労働協約 😀', '10': 'ten', '9': 'nine' });
    const [appended] = (await store.append(stream, [event], { expectedRevision: 'no_stream' })).events;
    const [read] = await store.readStream(stream);
    expect(read!.canonical).toBe(appended!.canonical);
    expect(read!.canonical).toContain('"10":"ten","9":"nine"');
    expect(BigInt(read!.position.split('/')[0]!)).toBeGreaterThan(LOG_START);
    expect(verifyChain([read!]).intact).toBe(true);
  });

  it('readAll and subscribe skip system events, link events, event-id claims and other applications’ events; readStream refuses a foreign event', async () => {
    const category = uniqueCategory();
    const ours = uniqueStream(category);
    await raw.appendToStream(`${category}-foreign`, jsonEvent({ type: 'SomethingElse', data: { from: 'another application' } }));
    await store.append(ours, [newEvent()], { expectedRevision: 'no_stream' });
    const all = await store.readAll({ maxCount: 100_000 });
    expect(all.events.filter((e) => e.stream.startsWith('$') || e.stream.startsWith('lrr_eventid-') || e.stream.endsWith('-foreign'))).toEqual([]);
    expect((await store.readAll({ category })).events.map((e) => e.stream)).toEqual([ours]);
    // The server holds them all: its standard projections' links and the claims are in $all.
    expect(cluster.log.records.some((r) => r.stream === `$ce-${category}` && r.type === '$>')).toBe(true);
    expect(cluster.log.records.some((r) => r.stream.startsWith('lrr_eventid-'))).toBe(true);
    await expect(store.readStream(`${category}-foreign`)).rejects.toBeInstanceOf(ForeignEvent);
  });

  it('verifyChain names an event whose stored bytes were changed on the server', async () => {
    const stream = uniqueStream();
    await store.append(stream, [newEvent('Fact', { i: 0 }), newEvent('Fact', { i: 1 })], { expectedRevision: 'no_stream' });
    const stored = cluster.log.records.find((r) => r.stream === stream && r.revision === 1n)!;
    stored.data = new TextEncoder().encode(new TextDecoder().decode(stored.data).replace('"i":1', '"i":5'));
    expect(verifyChain(await store.readStream(stream))).toMatchObject({ intact: false, firstBreak: { kind: 'modified', revision: 1 } });
  });

  it('a soft-deleted stream reads as not found; a tombstoned one fails reads and appends with a clear error', async () => {
    const soft = uniqueStream();
    await store.append(soft, [newEvent()], { expectedRevision: 'no_stream' });
    await raw.deleteStream(soft);
    await expect(store.readStream(soft)).rejects.toBeInstanceOf(StreamNotFound);
    const hard = uniqueStream();
    await store.append(hard, [newEvent()], { expectedRevision: 'no_stream' });
    await raw.tombstoneStream(hard);
    await expect(store.readStream(hard)).rejects.toBeInstanceOf(StreamDeletedInEventStoreDb);
    await expect(store.append(hard, [newEvent()], { expectedRevision: 'any' })).rejects.toThrow(/deleted \(tombstoned\)/);
  });

  it('a stream another writer moved: an exact expectation conflicts with the actual revision; `any` re-reads and chains on', async () => {
    const stream = uniqueStream();
    await store.append(stream, [newEvent()], { expectedRevision: 'no_stream' });
    const other = await EventStoreDbEventStore.connect(cluster.leaderNode.connectionString);
    try {
      await other.append(stream, [newEvent(), newEvent()], { expectedRevision: 0 });
    } finally {
      await other.close();
    }
    // This store remembers revision 0 as the head; the server's check tells it otherwise.
    await expect(store.append(stream, [newEvent()], { expectedRevision: 0 })).rejects.toMatchObject({ expected: 0, actual: 2 });
    const moved = await store.append(stream, [newEvent()], { expectedRevision: 'any' });
    expect(moved.nextExpectedRevision).toBe(3);
    expect(verifyChain(await store.readStream(stream)).intact).toBe(true);
  });

  it('refuses a batch that carries one id twice', async () => {
    const a = newEvent();
    await expect(store.append(uniqueStream(), [a, a], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(DuplicateEventId);
  });

  it('an id claimed by an append that lost its race may be appended again to the same stream', async () => {
    const stream = uniqueStream();
    await store.append(stream, [newEvent()], { expectedRevision: 'no_stream' });
    const contenders = [newEvent(), newEvent()];
    const outcomes = await Promise.allSettled(contenders.map((e) => store.append(stream, [e], { expectedRevision: 0 })));
    const lost = outcomes.findIndex((o) => o.status === 'rejected');
    expect((outcomes[lost] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevision);
    const retried = await store.append(stream, [contenders[lost]!], { expectedRevision: 1 });
    expect(retried.events.map((e) => e.revision)).toEqual([2]);
    expect(verifyChain(await store.readStream(stream)).intact).toBe(true);
  });

  it('`any` appends racing on one stream all land, chained in order', async () => {
    const stream = uniqueStream();
    await Promise.all(Array.from({ length: 8 }, () => store.append(stream, [newEvent(), newEvent()], { expectedRevision: 'any' })));
    const read = await store.readStream(stream);
    expect(read.map((e) => e.revision)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(verifyChain(read).intact).toBe(true);
  });

  it('readAll advances its checkpoint past events the filter skips, and is exclusive', async () => {
    const category = uniqueCategory();
    await store.append(uniqueStream(category), [newEvent()], { expectedRevision: 'no_stream' });
    const first = await store.readAll({ category });
    expect(first.events).toHaveLength(1);
    await store.append(uniqueStream(), [newEvent()], { expectedRevision: 'no_stream' }); // another category
    const second = await store.readAll({ category, after: first.checkpoint });
    expect(second.events).toEqual([]);
    expect(second.checkpoint).not.toBe(first.checkpoint);
    const third = await store.readAll({ category, after: second.checkpoint });
    expect(third).toEqual({ events: [], checkpoint: second.checkpoint });
  });

  it('a subscription the server drops is resubscribed from the last position: every event exactly once, in order', async () => {
    const node = cluster.leaderNode;
    const category = uniqueCategory();
    const ids: string[] = [];
    const appendOne = async () => {
      const e = newEvent();
      ids.push(e.eventId);
      await store.append(uniqueStream(category), [e], { expectedRevision: 'no_stream' });
    };
    for (let i = 0; i < 5; i++) await appendOne();
    const subscription = store.subscribe({ category, batchSize: 2 });
    const seen: RecordedEvent[] = [];
    const consuming = (async () => {
      for await (const batch of subscription) {
        seen.push(...batch);
        if (seen.length >= 12) break;
      }
    })();
    for (let round = 0; round < 7; round++) {
      while (node.openSubscriptions === 0) await new Promise((r) => setTimeout(r, 5));
      if (round % 2 === 0) node.dropSubscriptions();
      await appendOne();
    }
    await consuming;
    await subscription.close();
    expect(seen.map((e) => e.eventId)).toEqual(ids);
    expect((subscription as unknown as { opened: number }).opened).toBeGreaterThanOrEqual(3);
  }, 30_000);

  it('close() ends open subscriptions', async () => {
    const own = await EventStoreDbEventStore.connect(cluster.leaderNode.connectionString);
    const subscription = own.subscribe({});
    const next = subscription[Symbol.asyncIterator]().next();
    await own.close();
    await expect(next).resolves.toMatchObject({ done: true });
  });

  it('round trips per append, counted on the server: at most two, a batch included', async () => {
    const node = cluster.leaderNode;
    const stream = uniqueStream();
    const counted = ['read-stream', 'read-all', 'subscribe-stream', 'append', 'batch-append'] as const;
    // Every answer held back this long, so requests sent together are told from requests sent after an answer.
    const held = 40;
    const measured: Record<string, { requests: number; roundTrips: number }> = {};
    const measure = async (label: string, work: () => Promise<unknown>) => {
      for (const operation of counted) node.slowDown(operation, held);
      node.resetCounts();
      try {
        await work();
      } finally {
        for (const operation of counted) node.slowDown(operation, 0);
      }
      // Once per connection, the client asks for the server's features: not a cost of one append.
      measured[label] = { requests: node.totalCalls([...counted]), roundTrips: node.roundTrips(held) };
    };
    await measure('1 event, new stream (no_stream)', () => store.append(stream, [newEvent()], { expectedRevision: 'no_stream' }));
    await measure('1 event, exact revision', () => store.append(stream, [newEvent()], { expectedRevision: 0 }));
    await measure('1 event, any', () => store.append(stream, [newEvent()], { expectedRevision: 'any' }));
    await measure('1 event, any, head not known here', () => store.append(uniqueStream(), [newEvent()], { expectedRevision: 'any' }));
    let batch: AppendResult | undefined;
    await measure('3 events, exact revision', async () => (batch = await store.append(stream, [newEvent(), newEvent(), newEvent()], { expectedRevision: 2 })));
    await measure('3 events, new stream (no_stream)', () => store.append(uniqueStream(), [newEvent(), newEvent(), newEvent()], { expectedRevision: 'no_stream' }));
    await measure('3 events, any, head not known here', () => store.append(uniqueStream(), [newEvent(), newEvent(), newEvent()], { expectedRevision: 'any' }));
    const decider: Decider<Command<'HoldSession'>, Event<'SessionHeld'>, number> = {
      initialState: () => 0,
      evolve: (held) => held + 1,
      decide: () => [{ type: 'SessionHeld', data: { at: 'the table' } }],
    };
    const hold = (): Command<'HoldSession'> => ({
      type: 'HoldSession',
      data: {},
      metadata: { commandId: randomUUID(), correlationId: randomUUID(), actor: { subject: 'a@bayview.example', role: 'negotiator' }, occurredAt: { at: '2025-03-05', precision: 'day' }, now: '2025-03-05T10:00:00.000Z' },
    });
    const commanded = uniqueStream();
    await measure('command, first on its stream (read, then append)', () => handleCommand(store, commanded, decider, hold()));
    await measure('command, state cached (append only)', () => handleCommand(store, commanded, decider, hold()));
    console.log(
      `EventStoreDB requests and round trips per append (counted on the wire server, every answer held ${held} ms):\n${Object.entries(measured)
        .map(([k, v]) => `  ${k}: ${v.requests} requests in ${v.roundTrips} round trips`)
        .join('\n')}`,
    );
    expect(measured).toEqual({
      '1 event, new stream (no_stream)': { requests: 2, roundTrips: 2 }, // claim; append
      '1 event, exact revision': { requests: 2, roundTrips: 2 },
      '1 event, any': { requests: 2, roundTrips: 2 },
      '1 event, any, head not known here': { requests: 3, roundTrips: 2 }, // claim and head read together; append
      '3 events, exact revision': { requests: 5, roundTrips: 2 }, // three claims; append and the stream subscription together
      '3 events, new stream (no_stream)': { requests: 5, roundTrips: 2 },
      '3 events, any, head not known here': { requests: 6, roundTrips: 2 }, // three claims and the head read; append and subscription
      'command, first on its stream (read, then append)': { requests: 3, roundTrips: 3 }, // the read it decides on; then the append's two
      'command, state cached (append only)': { requests: 2, roundTrips: 2 },
    });
    // The batch's answer is what a read returns: revisions, positions and hashes of every event.
    expect(batch!.events).toEqual(await store.readStream(stream, { fromRevision: 3, maxCount: 3 }));
    // Each append closes the subscription it opened (the server sees the cancellation shortly after).
    while (node.openSubscriptions > 0) await new Promise((resolve) => setTimeout(resolve, 5));
  });

  it('a batch whose stream subscription delivers nothing within the deadline is read back: the same answer, one read more', async () => {
    const node = cluster.leaderNode;
    const quick = await EventStoreDbEventStore.connect(node.connectionString, { deadlineMs: 500 });
    const stream = uniqueStream();
    try {
      node.slowDown('subscribe-stream', 3_000);
      node.resetCounts();
      const result = await quick.append(stream, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
      expect(node.callCounts()).toMatchObject({ 'batch-append': 3, 'subscribe-stream': 1, 'read-stream': 1 });
      expect(node.totalCalls(['read-stream', 'read-all', 'subscribe-stream', 'append', 'batch-append'])).toBe(5);
      expect(result.events).toEqual(await quick.readStream(stream));
    } finally {
      node.slowDown('subscribe-stream', 0);
      await quick.close();
    }
  });
});
