import { randomUUID } from 'node:crypto';
import { BACKWARDS, END, EventStoreDBClient, FORWARDS, NO_STREAM, START, STREAM_EXISTS, jsonEvent, streamNameFilter } from '@eventstore/db-client';
import { EsdbTestCluster } from './cluster.js';

/**
 * The wire test server's behaviour, through the real client over gRPC: the rules EventStoreDB
 * documents and the adapter relies on. The adapter's own tests stand on these.
 */
let cluster: EsdbTestCluster;
let client: EventStoreDBClient;
beforeAll(async () => {
  cluster = await EsdbTestCluster.start(1);
  client = EventStoreDBClient.connectionString(cluster.leaderNode.connectionString);
});
afterAll(async () => {
  await client?.dispose();
  await cluster?.stop();
});

const event = (id = randomUUID()) => jsonEvent({ id, type: 'Noted', data: { n: 1 } });
const stream = () => `wire-${randomUUID()}`;
const collect = async <T>(iterable: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
};

describe('the wire test server, through @eventstore/db-client', () => {
  it('expected revisions: no_stream, stream_exists, exact; a mismatch names the current and the expected revision', async () => {
    const s = stream();
    await expect(client.appendToStream(s, event(), { expectedRevision: STREAM_EXISTS })).rejects.toMatchObject({ type: 'wrong-expected-version', actualVersion: 'no_stream', expectedVersion: 'stream_exists' });
    expect((await client.appendToStream(s, [event(), event()], { expectedRevision: NO_STREAM })).nextExpectedRevision).toBe(1n);
    await expect(client.appendToStream(s, event(), { expectedRevision: 0n })).rejects.toMatchObject({ actualVersion: 1n, expectedVersion: 0n });
    await expect(client.appendToStream(s, event(), { expectedRevision: NO_STREAM })).rejects.toMatchObject({ actualVersion: 1n, expectedVersion: 'no_stream' });
    expect((await client.appendToStream(s, event(), { expectedRevision: STREAM_EXISTS })).nextExpectedRevision).toBe(2n);
  });

  it('idempotent appends: the same ids after the same expected revision write nothing; `any` finds them by id; a partial repeat is refused', async () => {
    const s = stream();
    const [a, b] = [randomUUID(), randomUUID()];
    const first = await client.appendToStream(s, [event(a), event(b)], { expectedRevision: NO_STREAM });
    await client.appendToStream(s, event(), { expectedRevision: 1n });
    expect(await client.appendToStream(s, [event(a), event(b)], { expectedRevision: NO_STREAM })).toEqual(first);
    expect(await client.appendToStream(s, [event(a), event(b)], { expectedRevision: 'any' })).toEqual(first);
    await expect(client.appendToStream(s, [event(a), event()], { expectedRevision: 'any' })).rejects.toMatchObject({ type: 'wrong-expected-version' });
    expect((await collect(client.readStream(s))).length).toBe(3);
  });

  it('positions: the append answers with its last event’s position; $all forwards includes the start, backwards excludes it', async () => {
    const s = stream();
    const answer = await client.appendToStream(s, [event(), event()]);
    const read = await collect(client.readStream(s));
    expect(read[1]!.event!.position).toEqual(answer.position);
    expect(read[0]!.event!.position!.commit).toBe(read[0]!.event!.position!.prepare);
    const from = read[1]!.event!.position!;
    const forwards = await collect(client.readAll({ fromPosition: from, maxCount: 1 }));
    expect(forwards[0]!.event!.id).toBe(read[1]!.event!.id);
    const backwards = await collect(client.readAll({ fromPosition: from, direction: BACKWARDS, maxCount: 1 }));
    expect(backwards[0]!.event!.id).toBe(read[0]!.event!.id);
    await expect(collect(client.readAll({ fromPosition: { commit: from.commit + 1n, prepare: from.prepare + 1n }, maxCount: 1 }))).rejects.toThrow(/Invalid position/);
    expect((await collect(client.readStream(s, { direction: BACKWARDS, fromRevision: END, maxCount: 1 })))[0]!.event!.revision).toBe(1n);
  });

  it('a filtered subscription to $all: confirmation, catch-up, caught-up with a checkpoint, then live events', async () => {
    const prefix = `sub${randomUUID().slice(0, 8)}`;
    await client.appendToStream(`${prefix}-1`, event());
    const checkpoints: bigint[] = [];
    const subscription = client.subscribeToAll({ fromPosition: START, filter: streamNameFilter({ prefixes: [prefix], checkpointReached: (_, p) => void checkpoints.push(p.commit) }) });
    const seen: string[] = [];
    const caughtUp = new Promise((resolve) => subscription.once('caughtUp', resolve));
    const confirmed = new Promise((resolve) => subscription.once('confirmation', resolve));
    const done = (async () => {
      for await (const resolved of subscription) {
        seen.push(resolved.event!.streamId);
        if (seen.length === 2) break;
      }
    })();
    await confirmed;
    await caughtUp;
    expect(checkpoints.length).toBeGreaterThan(0);
    await client.appendToStream(`${prefix}-2`, event());
    await done;
    expect(seen).toEqual([`${prefix}-1`, `${prefix}-2`]);
  });

  it('a subscription to one stream: confirmation, the events after the start revision (exclusive), caught-up, then live; a stream not yet written is caught up at once', async () => {
    const s = stream();
    await client.appendToStream(s, [event(), event(), event()]);
    const subscription = client.subscribeToStream(s, { fromRevision: 0n });
    const caughtUp = new Promise((resolve) => subscription.once('caughtUp', resolve));
    const seen: bigint[] = [];
    const done = (async () => {
      for await (const resolved of subscription) {
        seen.push(resolved.event!.revision);
        if (seen.length === 3) break;
      }
    })();
    await caughtUp;
    const live = await client.appendToStream(s, event());
    await done;
    expect(seen).toEqual([1n, 2n, 3n]);
    const fresh = stream();
    const fromStart = client.subscribeToStream(fresh, { fromRevision: START });
    await new Promise((resolve) => fromStart.once('caughtUp', resolve));
    const answer = await client.appendToStream(fresh, [event(), event()], { expectedRevision: NO_STREAM });
    const positions: unknown[] = [];
    for await (const resolved of fromStart) {
      positions.push(resolved.event!.position);
      if (positions.length === 2) break;
    }
    const read = await collect(client.readStream(fresh));
    expect(positions).toEqual(read.map((r) => r.event!.position));
    expect(positions[1]).toEqual(answer.position);
    expect(live.nextExpectedRevision).toBe(3n);
  });

  it('a subscription to a tombstoned stream fails with "stream deleted"', async () => {
    const hard = stream();
    await client.appendToStream(hard, event());
    await client.tombstoneStream(hard);
    await expect(collect(client.subscribeToStream(hard))).rejects.toMatchObject({ type: 'stream-deleted' });
  });

  it('deletion states: soft-deleted reads as not found and may be written again (revisions carry on); tombstoned is gone for good', async () => {
    const soft = stream();
    await client.appendToStream(soft, [event(), event()]);
    await client.deleteStream(soft);
    await expect(collect(client.readStream(soft))).rejects.toMatchObject({ type: 'stream-not-found' });
    await expect(client.appendToStream(soft, event(), { expectedRevision: STREAM_EXISTS })).rejects.toMatchObject({ type: 'stream-deleted' });
    expect((await client.appendToStream(soft, event(), { expectedRevision: NO_STREAM })).nextExpectedRevision).toBe(2n);
    expect((await collect(client.readStream(soft, { direction: FORWARDS }))).map((e) => e.event!.revision)).toEqual([2n]);
    const hard = stream();
    await client.appendToStream(hard, event());
    await client.tombstoneStream(hard);
    await expect(collect(client.readStream(hard))).rejects.toMatchObject({ type: 'stream-deleted' });
    await expect(client.appendToStream(hard, event())).rejects.toMatchObject({ type: 'stream-deleted' });
  });

  it('gossip names the leader and followers; a follower answers "not leader" with the leader’s address to a request that requires the leader', async () => {
    const three = await EsdbTestCluster.start(3);
    const follower = EventStoreDBClient.connectionString(three.nodes[1]!.connectionString);
    try {
      await expect(follower.appendToStream(stream(), event(), { requiresLeader: true })).rejects.toMatchObject({ type: 'not-leader', leader: { address: '127.0.0.1', port: three.nodes[0]!.port } });
      expect(three.members().map((m) => m.leader)).toEqual([true, false, false]);
    } finally {
      await follower.dispose();
      await three.stop();
    }
  });
});
