import { isStoreUnavailable, reconnectDelay } from '#sql';
import type { Checkpoint, ReadAllResult, RecordedEvent, Subscription } from './event-store.port.js';

/**
 * Catch-up then live over a checkpointed `read`: reads until a batch comes back empty, then waits
 * for a notification or the poll interval. Polling stays as a backstop: an event below a running
 * transaction's horizon becomes readable only when that transaction ends, which nothing notifies.
 * A read that fails because the database is away is tried again, with back-off, from the last
 * checkpoint delivered: the subscriber sees a pause, never an error, for an outage.
 *
 * Live, reads are at least `minReadIntervalMs` apart unless the last page was full: a lone append is
 * read at once, while a burst of appends (an import, a seeded record) is read in a few batches
 * instead of once per append by every subscriber, which on the embedded store shares one thread
 * with the appends.
 */
export function pollingSubscription(source: {
  read: (after: Checkpoint | null) => Promise<ReadAllResult>;
  after: Checkpoint | null;
  /** The most events a read returns: a full page means more are waiting. */
  maxCount: number;
  wakeUp?: (onNotify: () => void) => Promise<() => Promise<void>>;
  pollIntervalMs?: number;
  minReadIntervalMs?: number;
}): Subscription {
  let closed = false;
  let wake: (() => void) | null = null;
  let unlisten: (() => Promise<void>) | null = null;
  let notified = false;
  /** Waiting for events (a notification ends the wait), not spacing reads (only closing does). */
  let idle = false;
  const interval = source.pollIntervalMs ?? 200;
  const minReadInterval = source.minReadIntervalMs ?? 50;
  const onNotify = () => {
    notified = true;
    if (idle) wake?.();
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, ms);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    }).finally(() => {
      wake = null;
    });

  async function* batches(): AsyncGenerator<readonly RecordedEvent[]> {
    if (source.wakeUp) unlisten = await source.wakeUp(onNotify);
    let after = source.after;
    let failures = 0;
    let lastReadAt = -Infinity;
    let lastPageFull = true;
    while (!closed) {
      const spacing = lastPageFull ? 0 : lastReadAt + minReadInterval - Date.now();
      if (spacing > 0) await sleep(spacing);
      if (closed) return;
      notified = false;
      lastReadAt = Date.now();
      let page: ReadAllResult;
      try {
        page = await source.read(after);
        failures = 0;
      } catch (error) {
        if (!isStoreUnavailable(error) || closed) throw error;
        await sleep(reconnectDelay(++failures));
        continue;
      }
      if (closed) return;
      lastPageFull = page.events.length >= source.maxCount;
      if (page.events.length > 0) {
        after = page.checkpoint;
        yield page.events;
        continue;
      }
      if (notified) continue;
      idle = true;
      await sleep(interval);
      idle = false;
    }
  }

  const iterator = batches();
  return {
    [Symbol.asyncIterator]: () => iterator,
    async close() {
      closed = true;
      wake?.();
      await unlisten?.();
      await iterator.return(undefined);
    },
  };
}
