import { isStoreUnavailable, reconnectDelay } from '#sql';
import type { Checkpoint, ReadAllResult, RecordedEvent, Subscription } from './event-store.port.js';

/**
 * Catch-up then live over a checkpointed `read`: reads until a batch comes back empty, then waits
 * for a notification or the poll interval. Polling stays as a backstop: an event below a running
 * transaction's horizon becomes readable only when that transaction ends, which nothing notifies.
 * A read that fails because the database is away is tried again, with back-off, from the last
 * checkpoint delivered: the subscriber sees a pause, never an error, for an outage.
 */
export function pollingSubscription(source: {
  read: (after: Checkpoint | null) => Promise<ReadAllResult>;
  after: Checkpoint | null;
  wakeUp?: (onNotify: () => void) => Promise<() => Promise<void>>;
  pollIntervalMs?: number;
}): Subscription {
  let closed = false;
  let wake: (() => void) | null = null;
  let unlisten: (() => Promise<void>) | null = null;
  let notified = false;
  const interval = source.pollIntervalMs ?? 200;
  const onNotify = () => {
    notified = true;
    wake?.();
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
    while (!closed) {
      notified = false;
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
      if (page.events.length > 0) {
        after = page.checkpoint;
        yield page.events;
        continue;
      }
      if (notified) continue;
      await sleep(interval);
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
