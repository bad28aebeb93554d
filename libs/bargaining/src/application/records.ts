import { Inject, Injectable } from '@nestjs/common';
import { canRead } from '#auth';
import { type EventStore, type RecordedEvent, readStreamOrEmpty } from '#event-store';
import { EVENT_STORE } from '#http';
import { type Actor, fold } from '#kernel';
import { isBargainingId, negotiationStream, unitStream } from '../domain/ids.js';
import type { NegotiationEvent } from '../domain/negotiation/events.js';
import { type NegotiationState, evolveNegotiation, initialNegotiationState } from '../domain/negotiation/state.js';
import { type UnitEvent, type UnitState, unitDecider } from '../domain/unit.js';
import { eventNotFound, negotiationNotFound, unitNotFound } from './errors.js';

/** A negotiation's stream as one caller may see it. */
export interface VisibleNegotiation {
  /** Every stored event, in recording order: for cross-references only, never returned as is. */
  readonly stored: readonly RecordedEvent[];
  /** The events whose classification the caller's role may read. */
  readonly visible: readonly RecordedEvent[];
  /** The negotiation folded from the visible events alone: nothing the caller may not see shapes it. */
  readonly state: NegotiationState;
}

/**
 * Reads of the bargaining streams, for the query routes and for handlers that resolve a reference
 * before deciding. Every read path filters by `canRead` (#auth); an id that cannot name a stream, a
 * stream that does not exist and a record above the caller's clearance all answer 404.
 */
@Injectable()
export class BargainingRecords {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Every stored event of a negotiation; 404 when it was never opened. */
  async negotiationEvents(negotiationId: string): Promise<RecordedEvent[]> {
    if (!isBargainingId(negotiationId)) throw negotiationNotFound(negotiationId);
    const events = await readStreamOrEmpty(this.store, negotiationStream(negotiationId));
    if (events.length === 0) throw negotiationNotFound(negotiationId);
    return events;
  }

  async negotiation(negotiationId: string, actor: Actor): Promise<VisibleNegotiation> {
    const stored = await this.negotiationEvents(negotiationId);
    const visible = stored.filter((event) => visibleTo(actor, event));
    const state = fold(evolveNegotiation, initialNegotiationState(), visible as unknown as NegotiationEvent[]);
    return { stored, visible, state };
  }

  /** One event of a negotiation by id, if the caller may see it. */
  async negotiationEvent(negotiationId: string, eventId: string, actor: Actor): Promise<{ event: RecordedEvent; record: VisibleNegotiation }> {
    const record = await this.negotiation(negotiationId, actor);
    const event = record.visible.find((candidate) => candidate.eventId === eventId);
    if (!event) throw eventNotFound(eventId);
    return { event, record };
  }

  /** A unit as registered, with its stream; 404 when it is not. */
  async unit(unitId: string): Promise<{ state: Extract<UnitState, { status: 'registered' }>; events: RecordedEvent[] }> {
    if (!isBargainingId(unitId)) throw unitNotFound(unitId);
    const events = await readStreamOrEmpty(this.store, unitStream(unitId));
    const state = fold(unitDecider.evolve, unitDecider.initialState(), events as unknown as UnitEvent[]);
    if (state.status !== 'registered') throw unitNotFound(unitId);
    return { state, events };
  }
}

export const visibleTo = (actor: Actor, event: Pick<RecordedEvent, 'classification'>): boolean => canRead(actor.role, event.classification.level);
