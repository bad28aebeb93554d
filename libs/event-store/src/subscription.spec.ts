import type { Checkpoint, ReadAllResult, RecordedEvent } from './event-store.port.js';
import { pollingSubscription } from './subscription.js';

/** An in-memory log with a notification per append, as the stores give their subscriptions. */
function memoryLog(maxCount: number) {
  const events: RecordedEvent[] = [];
  const listeners = new Set<() => void>();
  let reads = 0;
  const read = async (after: Checkpoint | null): Promise<ReadAllResult> => {
    reads++;
    const from = after === null ? 0 : Number(after);
    const page = events.slice(from, from + maxCount);
    return { events: page, checkpoint: page.length > 0 ? String(from + page.length) : after };
  };
  return {
    append() {
      events.push({ revision: events.length, position: String(events.length + 1) } as unknown as RecordedEvent);
      for (const notify of listeners) notify();
    },
    subscription: (options: { minReadIntervalMs?: number } = {}) =>
      pollingSubscription({
        read,
        after: null,
        maxCount,
        pollIntervalMs: 60_000,
        ...options,
        wakeUp: async (onNotify) => {
          listeners.add(onNotify);
          return async () => void listeners.delete(onNotify);
        },
      }),
    reads: () => reads,
  };
}

async function take(subscription: AsyncIterable<readonly RecordedEvent[]>, count: number): Promise<number[]> {
  const revisions: number[] = [];
  for await (const batch of subscription) {
    revisions.push(...batch.map((e) => e.revision));
    if (revisions.length >= count) break;
  }
  return revisions;
}

describe('a polling subscription', () => {
  it('catches up in full pages read back to back', async () => {
    const log = memoryLog(100);
    for (let i = 0; i < 1_000; i++) log.append();
    const subscription = log.subscription();
    expect(await take(subscription, 1_000)).toEqual([...Array(1_000).keys()]);
    await subscription.close();
    expect(log.reads()).toBe(10);
  });

  it('reads a lone append as soon as it is notified, however long the poll interval', async () => {
    const log = memoryLog(100);
    const subscription = log.subscription();
    const first = take(subscription, 1);
    await new Promise((r) => setTimeout(r, 100));
    log.append();
    expect(await first).toEqual([0]);
    await subscription.close();
  });

  it('reads a burst of appends in a few batches, not once per append, and misses none', async () => {
    const log = memoryLog(500);
    const subscription = log.subscription({ minReadIntervalMs: 50 });
    const all = take(subscription, 300);
    for (let i = 0; i < 300; i++) {
      log.append();
      await new Promise((r) => setImmediate(r));
      if (i % 30 === 0) await new Promise((r) => setTimeout(r, 5));
    }
    expect(await all).toEqual([...Array(300).keys()]);
    await subscription.close();
    expect(log.reads()).toBeLessThan(60);
  });

  it('with no spacing, reads once per notified append', async () => {
    const log = memoryLog(500);
    const subscription = log.subscription({ minReadIntervalMs: 0 });
    const all = take(subscription, 300);
    for (let i = 0; i < 300; i++) {
      log.append();
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(await all).toEqual([...Array(300).keys()]);
    await subscription.close();
    expect(log.reads()).toBeGreaterThan(150);
  });
});
