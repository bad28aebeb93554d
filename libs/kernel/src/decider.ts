import { transiently } from './records.js';
import type { ClassificationMark, Command, Event } from './event.js';

/**
 * The Decider pattern: decide(command, state) → events; evolve(state, event) → state.
 * Both pure. `classify` marks each produced event with its classification and basis.
 */
export interface Decider<C extends Command, E extends Event, S> {
  readonly decide: (command: C, state: S) => readonly E[];
  readonly evolve: (state: S, event: E) => S;
  readonly initialState: () => S;
  readonly classify?: (event: E, state: S) => ClassificationMark;
  /** Breaches the current rules see after a decision: recorded, never rejected (DOMAIN.md). */
  readonly warnings?: (command: C, state: S, events: readonly E[]) => readonly Warning[];
}

export interface Warning {
  readonly code: string;
  readonly message: string;
}

export const INTERNAL: ClassificationMark = { level: 'internal', basis: 'exchanged at the bargaining table' };

/** The state after the events, each evolved onto the last; linear in the events (see transiently). */
export function fold<E extends Event, S>(evolve: (state: S, event: E) => S, initial: S, events: Iterable<E>): S {
  return transiently(() => {
    let state = initial;
    for (const event of events) state = evolve(state, event);
    return state;
  });
}

export function assertNever(value: never): never {
  throw new Error(`unhandled case: ${JSON.stringify(value)}`);
}
