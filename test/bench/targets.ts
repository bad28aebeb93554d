import { type EventStore, type NewEvent, openStores, type StorageConfig, StreamNotFound, WrongExpectedRevision } from '#event-store';
import { type AppendTarget, Conflict } from './workload.js';

/** A store under test: the writers' append seam plus a full replay and a way to let go. */
export interface StoreUnderTest extends AppendTarget {
  /** Reads everything from the beginning in batches of `batchSize`; returns how many events came back. */
  replay(batchSize: number, onProgress: (events: number) => void): Promise<number>;
  close(): Promise<void>;
}

/**
 * This repository's store, opened exactly as the application opens it (`openStores`): PostgreSQL
 * through `pg` when a database URL is given, embedded PGlite in a data directory otherwise.
 * Everything goes through the port, so the figures include canonicalization, hashing and parsing.
 */
export async function openOurStore(config: StorageConfig): Promise<StoreUnderTest & { readonly store: EventStore }> {
  const stores = await openStores(config);
  const store = stores.events;
  return {
    store,
    async append(stream: string, events: readonly NewEvent[], eventsBefore: number): Promise<number> {
      try {
        const result = await store.append(stream, events, { expectedRevision: eventsBefore === 0 ? 'no_stream' : eventsBefore - 1 });
        return result.nextExpectedRevision + 1;
      } catch (error) {
        if (error instanceof WrongExpectedRevision) throw new Conflict(stream);
        throw error;
      }
    },
    async eventsInStream(stream: string): Promise<number> {
      try {
        const [last] = await store.readStream(stream, { direction: 'backwards', maxCount: 1 });
        return last ? last.revision + 1 : 0;
      } catch (error) {
        if (error instanceof StreamNotFound) return 0;
        throw error;
      }
    },
    async replay(batchSize: number, onProgress: (events: number) => void): Promise<number> {
      let after: string | null = null;
      let count = 0;
      // The projector's path: readAll from an opaque checkpoint until a batch comes back empty.
      for (;;) {
        const { events, checkpoint } = await store.readAll({ after, maxCount: batchSize });
        if (events.length === 0) return count;
        count += events.length;
        after = checkpoint;
        onProgress(count);
      }
    },
    close: () => stores.close(),
  };
}
