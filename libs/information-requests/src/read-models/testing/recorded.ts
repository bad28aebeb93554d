import type { RecordedEvent } from '#event-store';
import type { Command, Decider, Event } from '#kernel';
import { REQUEST_ID } from '../../../test/fixtures.js';
import type { InformationRequestCommand } from '../../domain/commands.js';
import { informationRequestDecider } from '../../domain/decider.js';
import { informationRequestStream } from '../../domain/ids.js';

/* Test support (excluded from the build): commands through a decider, stored as the event store would record them. */

export function recordStream<C extends Command, E extends Event, S>(stream: string, decider: Decider<C, E, S>, commands: readonly C[]): RecordedEvent[] {
  let state = decider.initialState();
  const recorded: RecordedEvent[] = [];
  for (const command of commands) {
    for (const event of decider.decide(command, state)) {
      recorded.push({
        eventId: `${stream}#${recorded.length}`,
        stream,
        type: event.type,
        schemaVersion: 1,
        data: event.data as Record<string, unknown>,
        occurredAt: command.metadata.occurredAt,
        recordedAt: command.metadata.now,
        actor: command.metadata.actor,
        correlationId: command.metadata.correlationId,
        causationId: null,
        commandId: command.metadata.commandId,
        classification: decider.classify?.(event, state) ?? { level: 'internal', basis: 'test' },
        revision: recorded.length,
        position: `0/${recorded.length + 1}`,
        canonical: '',
        prevHash: '',
        hash: '',
      });
      state = decider.evolve(state, event);
    }
  }
  return recorded;
}

export const recordRequest = (commands: readonly InformationRequestCommand[]) => recordStream(informationRequestStream(REQUEST_ID), informationRequestDecider, commands);

/** The read store's loop for one projection: per key, evolve in order. */
export function project<Doc>(projection: { keys(e: RecordedEvent): readonly string[]; evolve(d: Doc | null, e: RecordedEvent, k: string): Doc | null }, events: readonly RecordedEvent[]) {
  const docs = new Map<string, Doc>();
  for (const event of events) {
    for (const key of projection.keys(event)) {
      const next = projection.evolve(docs.get(key) ?? null, event, key);
      if (next === null) docs.delete(key);
      else docs.set(key, next);
    }
  }
  return docs;
}
