import { EventEmitter } from 'node:events';
import type { RecordedEvent } from '../event-store.port.js';
import { type LogPosition, formatPosition } from './positions.js';
import { type Feed, ResilientSubscription } from './resilient-subscription.js';

interface Raw {
  position: LogPosition;
  keep: boolean;
  poison?: boolean;
}

class FakeFeed extends EventEmitter implements Feed<Raw> {
  paused = false;
  unsubscribed = false;
  /** Events the server sent that the reader has not taken yet (a paused Readable keeps them). */
  readableLength = 0;
  constructor(
    readonly from: LogPosition | null,
    readonly checkpoint: (position: LogPosition) => void,
  ) {
    super();
  }
  pause() {
    this.paused = true;
  }
  resume() {
    this.paused = false;
  }
  async unsubscribe() {
    this.unsubscribed = true;
  }
  send(commit: number, keep = true, poison = false) {
    this.emit('data', { position: { commit: BigInt(commit), prepare: BigInt(commit) }, keep, poison });
  }
}

const pos = (n: number): LogPosition => ({ commit: BigInt(n), prepare: BigInt(n) });
const tick = () => new Promise((resolve) => setImmediate(resolve));

function harness(options: { from?: LogPosition | null; batchSize?: number; maxConsecutiveDrops?: number } = {}) {
  const feeds: FakeFeed[] = [];
  const subscription = new ResilientSubscription<Raw>({
    from: options.from ?? null,
    batchSize: options.batchSize ?? 3,
    open: (from, checkpoint) => {
      const feed = new FakeFeed(from, checkpoint);
      feeds.push(feed);
      return feed;
    },
    positionOf: (raw) => raw.position,
    accept: (raw) => {
      if (raw.poison) throw new Error('undecodable');
      return raw.keep ? ({ position: formatPosition(raw.position) } as RecordedEvent) : null;
    },
    backoffMs: () => 1,
    maxConsecutiveDrops: options.maxConsecutiveDrops,
  });
  const iterator = subscription[Symbol.asyncIterator]();
  const positions = async () => ((await iterator.next()).value as RecordedEvent[]).map((e) => e.position);
  return { subscription, iterator, feeds, positions };
}

describe('ResilientSubscription (catch-up over a droppable server subscription)', () => {
  it('opens lazily from the exclusive start and batches what has arrived', async () => {
    const h = harness({ from: pos(5), batchSize: 2 });
    expect(h.feeds).toHaveLength(0);
    const first = h.positions();
    await tick();
    expect(h.feeds[0]!.from).toEqual(pos(5));
    h.feeds[0]!.send(6);
    h.feeds[0]!.send(7);
    h.feeds[0]!.send(8);
    expect(await first).toEqual(['6/6', '7/7']); // what had arrived when the iterator resumed, up to batchSize
    expect(await h.positions()).toEqual(['8/8']);
    await h.subscription.close();
  });

  it('after a drop, resubscribes after the last position received (filtered-out events included), delivering what was queued', async () => {
    const h = harness({ batchSize: 10 });
    const first = h.positions();
    await tick();
    const feed = h.feeds[0]!;
    feed.send(1);
    expect(await first).toEqual(['1/1']);
    feed.send(2);
    feed.send(3, false); // skipped by the filter, but examined
    feed.emit('error', Object.assign(new Error('connection lost'), { type: 'unavailable' }));
    feed.send(99); // a dropped feed's stragglers are ignored
    expect(feed.unsubscribed).toBe(true);
    expect(await h.positions()).toEqual(['2/2']);
    await new Promise((r) => setTimeout(r, 10));
    expect(h.feeds).toHaveLength(2);
    expect(h.feeds[1]!.from).toEqual(pos(3));
    h.feeds[1]!.send(3); // a resent event is not delivered twice
    h.feeds[1]!.send(4);
    expect(await h.positions()).toEqual(['4/4']);
    h.feeds[1]!.emit('end'); // the server ending it is a drop as well
    await new Promise((r) => setTimeout(r, 10));
    expect(h.feeds[2]!.from).toEqual(pos(4));
    await h.subscription.close();
    expect(h.feeds[2]!.unsubscribed).toBe(true);
  });

  it("resumes after the server's checkpoint, but only once every event before it has been received", async () => {
    const h = harness({ from: pos(1), batchSize: 10 });
    const first = h.positions();
    await tick();
    const feed = h.feeds[0]!;
    feed.send(2);
    expect(await first).toEqual(['2/2']);
    feed.checkpoint(pos(40)); // the server looked through 3…40 and found nothing for this filter
    feed.readableLength = 2; // events before the next checkpoint are still in the feed's buffer
    feed.checkpoint(pos(90));
    feed.emit('error', new Error('connection lost'));
    await new Promise((r) => setTimeout(r, 10));
    expect(h.feeds[1]!.from).toEqual(pos(40));
    h.feeds[1]!.checkpoint(pos(30)); // an older checkpoint never moves the resume point back
    h.feeds[0]!.readableLength = 0;
    h.feeds[0]!.checkpoint(pos(95)); // nor does a dropped feed's
    h.feeds[1]!.emit('end');
    await new Promise((r) => setTimeout(r, 10));
    expect(h.feeds[2]!.from).toEqual(pos(40));
    await h.subscription.close();
  });

  it('fails the iterator on a permanent error, after delivering what was queued', async () => {
    const h = harness();
    const first = h.positions();
    await tick();
    h.feeds[0]!.send(1);
    h.feeds[0]!.emit('error', Object.assign(new Error('access denied'), { type: 'access-denied' }));
    expect(await first).toEqual(['1/1']);
    await expect(h.iterator.next()).rejects.toThrow('access denied');
    expect(h.feeds).toHaveLength(1);
  });

  it('fails the iterator when an event cannot be decoded', async () => {
    const h = harness();
    const first = h.iterator.next();
    await tick();
    h.feeds[0]!.send(1, true, true);
    await expect(first).rejects.toThrow('undecodable');
  });

  it('gives up after too many drops in a row', async () => {
    const h = harness({ maxConsecutiveDrops: 3 });
    const first = h.iterator.next();
    for (let i = 0; i < 10 && h.feeds.length < 4; i++) {
      await new Promise((r) => setTimeout(r, 5));
      h.feeds.at(-1)!.emit('error', new Error(`drop ${i}`));
    }
    await expect(first).rejects.toThrow(/dropped 4 times in a row/);
    expect(h.feeds).toHaveLength(4);
  });

  it('pauses the server subscription while the queue is long and resumes it once drained', async () => {
    const h = harness({ batchSize: 100 });
    const first = h.iterator.next();
    await tick();
    const feed = h.feeds[0]!;
    for (let i = 1; i <= 400; i++) feed.send(i);
    expect(feed.paused).toBe(true);
    expect(((await first).value as RecordedEvent[]).length).toBe(100);
    await h.iterator.next();
    await h.iterator.next();
    expect(feed.paused).toBe(false);
    await h.subscription.close();
  });

  it('close() ends a waiting iterator and unsubscribes; breaking out of for-await closes it too', async () => {
    const h = harness();
    const waiting = h.iterator.next();
    await tick();
    await h.subscription.close();
    await expect(waiting).resolves.toEqual({ done: true, value: undefined });
    expect(h.feeds[0]!.unsubscribed).toBe(true);

    const h2 = harness();
    const consumed = (async () => {
      for await (const batch of h2.subscription) if (batch.length > 0) break;
    })();
    await tick();
    h2.feeds[0]!.send(1);
    await consumed;
    expect(h2.feeds[0]!.unsubscribed).toBe(true);
  });
});
