import { describeEventStoreContract, newEvent, uniqueCategory, uniqueStream } from '../contract/event-store.contract.js';
import { verifyChain } from '../envelope.js';
import { DuplicateEventId, type RecordedEvent, WrongExpectedRevision } from '../event-store.port.js';
import { ForeignEvent } from './codec.js';
import { type EsdbClient, EventStoreDbEventStore } from './eventstoredb-event-store.js';
import { FakeEventStoreDbClient } from './testing/fake-eventstoredb-client.js';

/**
 * The adapter's own logic (hash chain, expectations, claims, idempotent retries, checkpoints,
 * filtering, resubscription) over an in-memory fake of the client. This is not EventStoreDB: the
 * contract against a real server runs in eventstoredb-event-store.int.spec.ts.
 */
const overFake = (fake = new FakeEventStoreDbClient()) => ({ fake, store: EventStoreDbEventStore.overClient(fake as unknown as EsdbClient) });

describeEventStoreContract('EventStoreDB adapter over an in-memory fake of the client (not a server)', async () => {
  const { store } = overFake();
  return { store, close: () => store.close() };
});

describe('EventStoreDB adapter over the fake client', () => {
  it('a retried append with a stale exact expectation answers as the first time (as a retried command does)', async () => {
    const { store } = overFake();
    const stream = uniqueStream();
    await store.append(stream, [newEvent()], { expectedRevision: 'no_stream' });
    const batch = [newEvent(), newEvent()];
    const first = await store.append(stream, batch, { expectedRevision: 0 });
    await store.append(stream, [newEvent()], { expectedRevision: 2 });
    const again = await store.append(stream, batch, { expectedRevision: 0 });
    expect(again).toEqual(first);
    const again2 = await store.append(stream, batch, { expectedRevision: 3 }); // expectation holds, ids already stored
    expect(again2).toEqual(first);
    expect((await store.readStream(stream)).length).toBe(4);
  });

  it('refuses a batch that repeats an id, or that only partly matches a stored batch', async () => {
    const { store } = overFake();
    const stream = uniqueStream();
    const a = newEvent();
    await expect(store.append(stream, [a, a], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(DuplicateEventId);
    const [x, y] = [newEvent(), newEvent()];
    await store.append(stream, [x, y], { expectedRevision: 'any' });
    await expect(store.append(stream, [x, newEvent()], { expectedRevision: 'any' })).rejects.toBeInstanceOf(DuplicateEventId);
    await expect(store.append(stream, [y, x], { expectedRevision: 'any' })).rejects.toBeInstanceOf(DuplicateEventId);
    expect((await store.readStream(stream)).map((e) => e.eventId)).toEqual([x.eventId, y.eventId]);
  });

  it('an id claimed by an append that lost its race may be appended again to the same stream', async () => {
    const { store } = overFake();
    const stream = uniqueStream();
    await store.append(stream, [newEvent()], { expectedRevision: 'no_stream' });
    const contenders = [newEvent(), newEvent()];
    const outcomes = await Promise.allSettled(contenders.map((e) => store.append(stream, [e], { expectedRevision: 0 })));
    const loser = contenders[outcomes.findIndex((o) => o.status === 'rejected')]!;
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason)).toEqual([expect.any(WrongExpectedRevision)]);
    const retried = await store.append(stream, [loser], { expectedRevision: 1 });
    expect(retried.events.map((e) => e.revision)).toEqual([2]);
    expect(verifyChain(await store.readStream(stream)).intact).toBe(true);
  });

  it('`any` appends racing on one stream all land, chained in order', async () => {
    const { store } = overFake();
    const stream = uniqueStream();
    await Promise.all(Array.from({ length: 8 }, () => store.append(stream, [newEvent(), newEvent()], { expectedRevision: 'any' })));
    const read = await store.readStream(stream);
    expect(read.map((e) => e.revision)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(verifyChain(read).intact).toBe(true);
  });

  it('keeps the canonical text byte for byte, non-ASCII included', async () => {
    const { store } = overFake();
    const stream = uniqueStream();
    const event = newEvent('ProposalTabled', { note: 'Ñandú — “article 7” 労働協約 😀', '10': 'ten', '9': 'nine' });
    const [appended] = (await store.append(stream, [event], { expectedRevision: 'no_stream' })).events;
    const [read] = await store.readStream(stream);
    expect(read!.canonical).toBe(appended!.canonical);
    expect(read!.canonical).toContain('"10":"ten","9":"nine"');
    expect(read!.data.note).toBe('Ñandú — “article 7” 労働協約 😀');
    expect(verifyChain([read!]).intact).toBe(true);
  });

  it('verifyChain names an event whose stored bytes were changed behind the adapter', async () => {
    const { store, fake } = overFake();
    const stream = uniqueStream();
    await store.append(stream, [newEvent('Fact', { i: 0 }), newEvent('Fact', { i: 1 })], { expectedRevision: 'no_stream' });
    fake.tamper(stream, 1, (text) => text.replace('"i":1', '"i":5'));
    expect(verifyChain(await store.readStream(stream))).toMatchObject({ intact: false, firstBreak: { kind: 'modified', revision: 1 } });
  });

  it('readAll and subscribe skip events other applications wrote; readStream refuses them', async () => {
    const { store, fake } = overFake();
    const category = uniqueCategory();
    const ours = uniqueStream(category);
    fake.writeForeign(`${category}-foreign`);
    await store.append(ours, [newEvent()], { expectedRevision: 'no_stream' });
    expect((await store.readAll({ category })).events.map((e) => e.stream)).toEqual([ours]);
    await expect(store.readStream(`${category}-foreign`)).rejects.toBeInstanceOf(ForeignEvent);
  });

  it('readAll advances its checkpoint past events the filter skips, and is exclusive', async () => {
    const { store } = overFake();
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

  it('a dropped subscription is resubscribed from the last position: every event exactly once, in order', async () => {
    const { store, fake } = overFake();
    const category = uniqueCategory();
    const ids: string[] = [];
    for (let i = 0; i < 5; i++) {
      const e = newEvent();
      ids.push(e.eventId);
      await store.append(uniqueStream(category), [e], { expectedRevision: 'no_stream' });
    }
    const subscription = store.subscribe({ category, batchSize: 2 });
    const seen: RecordedEvent[] = [];
    const consuming = (async () => {
      for await (const batch of subscription) {
        seen.push(...batch);
        if (seen.length >= 12) break;
      }
    })();
    const live = async () => {
      while (fake.liveSubscriptions === 0) await new Promise((r) => setTimeout(r, 5));
    };
    for (let round = 0; round < 7; round++) {
      await live();
      if (round % 2 === 0) fake.dropSubscriptions();
      const e = newEvent();
      ids.push(e.eventId);
      await store.append(uniqueStream(category), [e], { expectedRevision: 'no_stream' });
    }
    await consuming;
    await subscription.close();
    expect(seen.map((e) => e.eventId)).toEqual(ids);
    expect((subscription as unknown as { opened: number }).opened).toBeGreaterThanOrEqual(3);
    expect(fake.liveSubscriptions).toBe(0);
  }, 20_000);

  it('close() ends open subscriptions and disposes of the client', async () => {
    const { store, fake } = overFake();
    const subscription = store.subscribe({});
    const iterator = subscription[Symbol.asyncIterator]();
    const next = iterator.next();
    await store.close();
    await expect(next).resolves.toMatchObject({ done: true });
    expect(fake.disposed).toBe(true);
  });
});
