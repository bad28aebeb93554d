import type { Checkpoint, ReadAllResult, RecordedEvent, Subscription } from './event-store.port.js';

/**
 * Catch-up then live over a checkpointed `read`: reads until a batch comes back empty, then waits
 * for a notification or the poll interval. Polling stays as a backstop: an event below a running
 * transaction's horizon becomes readable only when that transaction ends, which nothing notifies.
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

  async function* batches(): AsyncGenerator<readonly RecordedEvent[]> {
    if (source.wakeUp) unlisten = await source.wakeUp(onNotify);
    let after = source.after;
    while (!closed) {
      notified = false;
      const { events, checkpoint } = await source.read(after);
      if (closed) return;
      if (events.length > 0) {
        after = checkpoint;
        yield events;
        continue;
      }
      if (notified) continue;
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, interval);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = null;
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
