import { readFileSync } from 'node:fs';
import { dumbo } from '@event-driven-io/dumbo';
import { type Event, isExpectedVersionConflictError, STREAM_DOES_NOT_EXIST } from '@event-driven-io/emmett';
import { getPostgreSQLEventStore, readMessagesBatch } from '@event-driven-io/emmett-postgresql';
import type { NewEvent } from '#event-store';
import type { StoreUnderTest } from './targets.js';
import { Conflict } from './workload.js';

/**
 * The same work on `@event-driven-io/emmett-postgresql`, used as its README shows.
 *
 * This module is imported only when the Emmett run starts: creating an Emmett store makes dumbo
 * install process-wide `pg` type parsers (int8 → BigInt, jsonb through its own parser), which
 * would otherwise also change what our adapter's `pg` pool returns. Our runs go first.
 */
export const emmettVersion: string = (
  JSON.parse(readFileSync(new URL('../package.json', import.meta.resolve('@event-driven-io/emmett-postgresql')), 'utf8')) as { version: string }
).version;

type EmmettEvent = Event<string, Record<string, unknown>, Record<string, unknown>>;

/** Our envelope in Emmett's shape: same data; everything else we record goes into its metadata. */
function toEmmett(event: NewEvent): EmmettEvent {
  return {
    type: event.type,
    data: event.data as Record<string, unknown>,
    metadata: {
      messageId: event.eventId,
      occurredAt: event.occurredAt,
      actor: event.actor,
      correlationId: event.correlationId,
      causationId: event.causationId ?? null,
      commandId: event.commandId ?? null,
      classification: event.classification,
    },
  };
}

export async function openEmmettStore(connectionString: string): Promise<StoreUnderTest> {
  // Default options: dumbo's shared pg.Pool for this connection string (pg's default max of 10,
  // the same as our adapter's pool).
  const eventStore = getPostgreSQLEventStore(connectionString);
  // Create its schema now so the first timed append does not pay for the migration.
  await eventStore.schema.migrate();
  // A second handle on the same (shared, reference-counted) pool, for its batch reader.
  const pool = dumbo({ connectionString });

  return {
    async append(stream: string, events: readonly NewEvent[], eventsBefore: number): Promise<number> {
      try {
        // Emmett's stream version is the count of events (1-based), so `eventsBefore` maps directly.
        const result = await eventStore.appendToStream<EmmettEvent>(stream, events.map(toEmmett), {
          expectedStreamVersion: eventsBefore === 0 ? STREAM_DOES_NOT_EXIST : BigInt(eventsBefore),
        });
        return Number(result.nextExpectedStreamVersion);
      } catch (error) {
        if (isExpectedVersionConflictError(error)) throw new Conflict(stream);
        throw error;
      }
    },
    async eventsInStream(stream: string): Promise<number> {
      const result = await eventStore.readStream(stream);
      return Number(result.currentStreamVersion);
    },
    async replay(batchSize: number, onProgress: (events: number) => void): Promise<number> {
      // Emmett's own global reader (what its consumers poll): emt_messages below the snapshot's
      // xmin, ordered by (transaction_id, global_position), paged by global position.
      let after = 0n;
      let count = 0;
      for (;;) {
        const batch = await readMessagesBatch(pool.execute, { after, batchSize });
        if (batch.messages.length === 0) return count;
        count += batch.messages.length;
        after = batch.currentGlobalPosition;
        onProgress(count);
      }
    },
    async close() {
      await pool.close();
      await eventStore.close();
    },
  };
}
