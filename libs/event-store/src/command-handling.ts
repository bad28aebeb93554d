import { v5 as uuidv5 } from 'uuid';
import { type Command, type Decider, type Event, INTERNAL, type Warning, fold } from '#kernel';
import { type EventStore, type RecordedEvent, StreamNotFound, WrongExpectedRevision } from './event-store.port.js';

/** Namespace for event ids derived from command ids: a retried command yields the same ids. */
const EVENT_ID_NAMESPACE = '6f1c8a4e-3b7d-5f02-9a61-2c4d8e0b7a13';

export interface Handled<S> {
  readonly state: S;
  readonly events: readonly RecordedEvent[];
  readonly nextExpectedRevision: number | null;
  readonly warnings: readonly Warning[];
}

export interface HandleOptions {
  /** Re-decide this many times on a revision conflict before giving up with WrongExpectedRevision. */
  readonly maxAttempts?: number;
}

/** Reads a stream's events, or none when it does not exist yet. */
export async function readStreamOrEmpty(store: EventStore, stream: string): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(stream);
  } catch (error) {
    if (error instanceof StreamNotFound) return [];
    throw error;
  }
}

/**
 * The one read-fold-decide-append shell every command handler uses. decide is pure, so on a
 * revision conflict re-reading and re-deciding is safe; after maxAttempts the conflict surfaces (409).
 */
export async function handleCommand<C extends Command, E extends Event, S>(
  store: EventStore,
  stream: string,
  decider: Decider<C, E, S>,
  command: C,
  options: HandleOptions = {},
): Promise<Handled<S>> {
  const maxAttempts = options.maxAttempts ?? 5;
  for (let attempt = 1; ; attempt++) {
    const history = await readStreamOrEmpty(store, stream);
    const state = fold(decider.evolve, decider.initialState(), history as unknown as E[]);
    const decided = decider.decide(command, state);
    const warnings = decider.warnings?.(command, state, decided) ?? [];
    if (decided.length === 0) return { state, events: [], nextExpectedRevision: history.at(-1)?.revision ?? null, warnings };
    const { metadata } = command;
    const newState = fold(decider.evolve, state, decided);
    try {
      const result = await store.append(
        stream,
        decided.map((event, index) => ({
          eventId: uuidv5(`${stream}:${metadata.commandId}:${index}`, EVENT_ID_NAMESPACE),
          type: event.type,
          data: event.data as Record<string, unknown>,
          occurredAt: metadata.occurredAt,
          recordedAt: metadata.now,
          actor: metadata.actor,
          correlationId: metadata.correlationId,
          causationId: metadata.causationId ?? null,
          commandId: metadata.commandId,
          classification: decider.classify?.(event, state) ?? INTERNAL,
        })),
        { expectedRevision: history.length === 0 ? 'no_stream' : history[history.length - 1]!.revision },
      );
      return { state: newState, events: result.events, nextExpectedRevision: result.nextExpectedRevision, warnings };
    } catch (error) {
      if (error instanceof WrongExpectedRevision && attempt < maxAttempts) continue;
      throw error;
    }
  }
}
