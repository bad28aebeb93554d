import { type Command, type Decider, type Event, ruleBroken } from '#kernel';

/**
 * An operator's decision, recorded as a fact, that one projection does not apply one event (it
 * cannot, and events are never removed). The projection goes on past it; every other projection
 * still applies it. Who decided, when and why travel in the event's envelope and data.
 */
export type ProjectionEventSkipped = Event<'ProjectionEventSkipped', { projection: string; eventId: string; reason: string }>;
export type ProjectionOperationsEvent = ProjectionEventSkipped;

export type SkipProjectionEvent = Command<'SkipProjectionEvent', { projection: string; eventId: string; reason: string }>;

/** Skipped event ids by projection (`name.vN`). */
export interface ProjectionOperations {
  readonly skipped: ReadonlyMap<string, ReadonlySet<string>>;
}

/** The one stream of operators' decisions about projections (its category: `operations`). */
export const PROJECTION_OPERATIONS_STREAM = 'operations-projections';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export const projectionOperationsDecider: Decider<SkipProjectionEvent, ProjectionOperationsEvent, ProjectionOperations> = {
  initialState: () => ({ skipped: new Map() }),
  classify: () => ({ level: 'internal', basis: 'operations record of the read models' }),
  decide(command, state) {
    const { projection, eventId, reason } = command.data;
    if (!UUID.test(eventId)) throw ruleBroken('EVENT_ID_INVALID', `an event id is a lowercase UUID (got ${JSON.stringify(eventId)})`);
    if (reason.trim().length === 0) throw ruleBroken('SKIP_REASON_REQUIRED', 'say why the projection skips the event');
    // Skipping twice changes nothing: the first decision stands, and a retry is not refused.
    if (state.skipped.get(projection)?.has(eventId)) return [];
    return [{ type: 'ProjectionEventSkipped', data: { projection, eventId, reason } }];
  },
  evolve(state, event) {
    const skipped = new Map(state.skipped);
    skipped.set(event.data.projection, new Set([...(state.skipped.get(event.data.projection) ?? []), event.data.eventId]));
    return { skipped };
  },
};
