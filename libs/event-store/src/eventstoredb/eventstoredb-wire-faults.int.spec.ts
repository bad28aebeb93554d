import { newEvent, uniqueCategory, uniqueStream } from '../contract/event-store.contract.js';
import type { RecordedEvent } from '../event-store.port.js';
import { EventStoreDbDeadlineExceeded } from './append-rules.js';
import { EventStoreDbEventStore } from './eventstoredb-event-store.js';
import { EsdbTestCluster } from './testing/wire/cluster.js';
import { EsdbLog } from './testing/wire/log.js';
import { EsdbTestServer } from './testing/wire/server.js';

/**
 * Faults on the wire, between the real `@eventstore/db-client` and the wire test server: a server
 * that goes away mid-subscription and comes back, a server slower than the client's deadline, a
 * server not there at start, a leader change, and a cluster's gossip and node preferences.
 */

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Retries what fails while a server comes back (the retry of an append is answered as the first time). */
async function eventually<T>(work: () => Promise<T>, attempts = 40): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await work();
    } catch (error) {
      if (attempt >= attempts) throw error;
      await sleep(100);
    }
  }
}

describe('EventStoreDB over the wire: faults', () => {
  it('the server dropped mid-subscription and restarted: the subscription resumes from its checkpoint, no event lost or repeated', async () => {
    const cluster = await EsdbTestCluster.start(1);
    const node = cluster.leaderNode;
    const store = await EventStoreDbEventStore.connect(node.connectionString);
    try {
      const category = uniqueCategory();
      const ids: string[] = [];
      const appendOne = async () => {
        const event = newEvent();
        const stream = uniqueStream(category);
        await eventually(() => store.append(stream, [event], { expectedRevision: 'no_stream' }));
        ids.push(event.eventId);
      };
      for (let i = 0; i < 5; i++) await appendOne();
      const subscription = store.subscribe({ category, batchSize: 3 });
      const seen: RecordedEvent[] = [];
      const consuming = (async () => {
        for await (const batch of subscription) {
          seen.push(...batch);
          if (seen.length >= 12) break;
        }
      })();
      while (seen.length < 5) await sleep(10);
      await node.stop(); // every connection drops at once
      await sleep(200);
      await node.start(); // the same port, the same data
      for (let i = 0; i < 7; i++) await appendOne();
      await consuming;
      await subscription.close();
      expect(seen.map((e) => e.eventId)).toEqual(ids);
      expect((subscription as unknown as { opened: number }).opened).toBeGreaterThanOrEqual(2);
    } finally {
      await store.close();
      await cluster.stop();
    }
  }, 60_000);

  it('a server slower than the deadline: reads and appends fail with a clear error naming what and how long; then it answers again', async () => {
    const cluster = await EsdbTestCluster.start(1);
    const node = cluster.leaderNode;
    const store = await EventStoreDbEventStore.connect(node.connectionString, { deadlineMs: 300 });
    try {
      const stream = uniqueStream();
      await store.append(stream, [newEvent()], { expectedRevision: 'no_stream' });
      node.slowDown('read-stream', 3_000);
      const read = await store.readStream(stream).catch((e: unknown) => e);
      expect(read).toBeInstanceOf(EventStoreDbDeadlineExceeded);
      expect((read as Error).message).toBe(`EventStoreDB did not answer a read of ${stream} within 300 ms`);
      node.slowDown('read-stream', 0);

      // The client sends its deadline with each append; the server answers Timeout when it passes.
      node.slowDown('batch-append', 3_000);
      const append = await store.append(uniqueStream(), [newEvent()], { expectedRevision: 'no_stream' }).catch((e: unknown) => e);
      expect(append).toBeInstanceOf(EventStoreDbDeadlineExceeded);
      expect((append as Error).message).toMatch(/^EventStoreDB did not answer the claim of event id [0-9a-f-]{36} within 300 ms$/);
      node.slowDown('batch-append', 0);

      expect((await store.readStream(stream)).length).toBe(1);
      expect((await store.append(stream, [newEvent()], { expectedRevision: 0 })).nextExpectedRevision).toBe(1);
    } finally {
      await store.close();
      await cluster.stop();
    }
  }, 30_000);

  it('a server unreachable at start: retried with back-off, then one clear line naming the server', async () => {
    const probe = await new EsdbTestServer({ log: new EsdbLog() }).start();
    const port = probe.port;
    await probe.stop(); // nothing listens there now
    const retries: number[] = [];
    const failure = await EventStoreDbEventStore.connect(`esdb://127.0.0.1:${port}?tls=false`, {
      connectAttempts: 3,
      connectBackoffMs: (attempt) => 20 * attempt,
      onConnectRetry: (_attempt, _error, delay) => retries.push(delay),
    }).catch((e: unknown) => e as Error) as Error;
    expect(failure).toBeInstanceOf(Error);
    expect(failure.message).toMatch(new RegExp(`^EventStoreDB at esdb://127\\.0\\.0\\.1:${port}\\?tls=false did not answer \\(3 attempts in \\d+\\.\\d s\\): .+$`));
    expect(failure.message).not.toContain('\n');
    expect(retries).toEqual([20, 40]);

    // A server that comes up while the retries go on is found.
    const cluster = await EsdbTestCluster.start(1);
    const late = new EsdbTestServer({ log: cluster.log, port });
    setTimeout(() => void late.start(), 300);
    const store = await EventStoreDbEventStore.connect(`esdb://127.0.0.1:${port}?tls=false`, { connectAttempts: 30, connectBackoffMs: () => 100 });
    try {
      await store.append(uniqueStream(), [newEvent()], { expectedRevision: 'no_stream' });
      expect(late.totalCalls(['batch-append'])).toBeGreaterThan(0);
    } finally {
      await store.close();
      await late.stop();
      await cluster.stop();
    }
  }, 30_000);

  it('a leader change answered with "not leader": the client follows the new leader and the append lands once', async () => {
    const cluster = await EsdbTestCluster.start(3);
    const store = await EventStoreDbEventStore.connect(cluster.connectionString());
    try {
      const stream = uniqueStream();
      await store.append(stream, [newEvent()], { expectedRevision: 'no_stream' });
      expect(cluster.nodes[0]!.totalCalls(['batch-append'])).toBeGreaterThan(0); // discovered through gossip: node 0 leads
      cluster.electLeader(2);
      cluster.resetCounts();
      const moved = await store.append(stream, [newEvent()], { expectedRevision: 0 });
      expect(moved.nextExpectedRevision).toBe(1);
      expect(cluster.nodes[0]!.notLeaderAnswers).toBeGreaterThan(0); // the old leader said so, naming node 2
      expect(cluster.nodes[2]!.totalCalls(['batch-append'])).toBeGreaterThan(0);
      expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([0, 1]);
      expect(cluster.nodes[0]!.totalCalls(['read-stream'])).toBe(0); // reads for decisions go to the leader too
    } finally {
      await store.close();
      await cluster.stop();
    }
  }, 30_000);
});

describe('EventStoreDB cluster connection strings over the wire', () => {
  let cluster: EsdbTestCluster;
  beforeAll(async () => {
    cluster = await EsdbTestCluster.start(3);
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('esdb+discover:// finds the leader through one seed’s gossip, and writes go there', async () => {
    cluster.electLeader(1);
    const store = await EventStoreDbEventStore.connect(cluster.discoverConnectionString(0));
    try {
      cluster.resetCounts();
      await store.append(uniqueStream(), [newEvent()], { expectedRevision: 'no_stream' });
      expect(cluster.nodes[0]!.callCounts()['gossip'] ?? 0).toBe(0); // discovery happened at connect
      expect(cluster.nodes[1]!.totalCalls(['batch-append'])).toBe(2);
      expect(cluster.nodes[0]!.totalCalls(['batch-append']) + cluster.nodes[2]!.totalCalls(['batch-append'])).toBe(0);
    } finally {
      await store.close();
    }
  });

  it('nodePreference=follower (the projector’s connection): subscriptions and $all reads are served by a follower', async () => {
    cluster.electLeader(0);
    const writer = await EventStoreDbEventStore.connect(cluster.connectionString());
    const projector = await EventStoreDbEventStore.connect(cluster.connectionString({ nodePreference: 'follower' }));
    try {
      const category = uniqueCategory();
      await writer.append(uniqueStream(category), [newEvent()], { expectedRevision: 'no_stream' });
      const subscription = projector.subscribe({ category });
      const iterator = subscription[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect((first.value as RecordedEvent[]).length).toBe(1);
      const followers = cluster.nodes.slice(1);
      expect(followers.reduce((n, node) => n + node.openSubscriptions, 0)).toBe(1);
      expect(cluster.nodes[0]!.openSubscriptions).toBe(0);
      await writer.append(uniqueStream(category), [newEvent()], { expectedRevision: 'no_stream' });
      expect(((await iterator.next()).value as RecordedEvent[]).length).toBe(1);
      await subscription.close();
      cluster.resetCounts();
      expect((await projector.readAll({ category })).events).toHaveLength(2);
      expect(cluster.nodes[0]!.totalCalls(['read-all'])).toBe(0);
    } finally {
      await writer.close();
      await projector.close();
    }
  });
});
