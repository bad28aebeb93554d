import { Inject, Injectable } from '@nestjs/common';
import { AccessErrorCode, type AccessContext, NegotiationFiles, ReadPolicy } from '#access';
import { type EventStore, type RecordedEvent, readStreamOrEmpty } from '#event-store';
import { CLOCK, type Clock, EVENT_STORE } from '#platform';
import { type Actor, type ClassificationMark, DomainError, fold } from '#kernel';
import { type DemandSnapshot, type MadeDemand, demandSnapshot, foldDemand } from '../domain/demand-to-bargain.js';
import { demandStream, isBargainingId, negotiationStream, unitStream } from '../domain/ids.js';
import type { NegotiationEvent } from '../domain/negotiation/events.js';
import { type NegotiationState, evolveNegotiation, initialNegotiationState } from '../domain/negotiation/state.js';
import { type UnitEvent, type UnitState, unitDecider } from '../domain/unit.js';
import { demandNotFound, negotiationNotFound, unitNotFound } from './errors.js';

/** A negotiation's stream as one caller may see it. */
export interface VisibleNegotiation {
  /** Every stored event, in recording order: for cross-references only, never returned as is. */
  readonly stored: readonly RecordedEvent[];
  /** The events the read policy lets the caller read, by their classification in effect today. */
  readonly visible: readonly RecordedEvent[];
  /** The negotiation folded from the visible events alone: nothing the caller may not see shapes it. */
  readonly state: NegotiationState;
  /** Each event's classification in effect on a day (the negotiation's classification book). */
  readonly classificationOf: (event: RecordedEvent, asOf: string) => ClassificationMark;
  /** Privileged events the reader is cleared for but asked for without a purpose (left out of `visible`): a list counts those it would show. */
  readonly withheld: readonly RecordedEvent[];
}

/** Who reads and why: the actor and X-Access-Purpose (privileged content needs one), with the correlation id. */
export type Reader = Pick<AccessContext, 'actor' | 'purpose'> & Partial<Pick<AccessContext, 'correlationId'>>;

/**
 * Reads of the bargaining streams, for the query routes and for handlers that resolve a reference
 * before deciding. Every read path goes through the one ReadPolicy (#access) with each record's
 * classification in effect today (the classification book): an id that cannot name a stream, a
 * stream that does not exist and a record the caller may not read all answer 404. Query routes log
 * the confidential and privileged records they return (`logReads`) and every refused attempt at a
 * record asked for by id (`assertReadable`).
 */
@Injectable()
export class BargainingRecords {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(ReadPolicy) private readonly policy: ReadPolicy,
    @Inject(NegotiationFiles) private readonly files: NegotiationFiles,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Every stored event of a negotiation; 404 when it was never opened. */
  async negotiationEvents(negotiationId: string): Promise<RecordedEvent[]> {
    if (!isBargainingId(negotiationId)) throw negotiationNotFound(negotiationId);
    const events = await readStreamOrEmpty(this.store, negotiationStream(negotiationId));
    if (events.length === 0) throw negotiationNotFound(negotiationId);
    return events;
  }

  /**
   * The negotiation as the reader may see it, screened by the read policy (nothing logged: the
   * caller logs what its answer shows). A privileged record asked for without a purpose is left out.
   */
  async negotiation(negotiationId: string, reader: Reader): Promise<VisibleNegotiation> {
    const { stored, classificationOf } = await this.classified(negotiationId);
    const { readable, withheld } = this.policy.screen(reader.actor, stored, reader.purpose, { classificationOf });
    return this.folded(stored, readable, classificationOf, withheld);
  }

  /**
   * The negotiation as a writer resolving a reference may see it: the policy's clearance with the
   * classification in effect today (a command reads no content back, so no purpose is asked for).
   */
  async negotiationForCommand(negotiationId: string, actor: Actor): Promise<VisibleNegotiation> {
    const { stored, classificationOf } = await this.classified(negotiationId);
    const now = this.clock.now().toISOString();
    return this.folded(stored, stored.filter((event) => this.policy.canSee(actor.role, classificationOf(event, now))), classificationOf, []);
  }

  /**
   * One record asked for by id is an attempt at it: a refusal is logged, as is a confidential or
   * privileged read. Not cleared → `notFound()` (the route's own 404, the same as for an absent
   * record, so the code does not tell a hidden record from a missing one); privileged without a
   * purpose → 422 ACCESS_PURPOSE_REQUIRED.
   */
  async assertReadable(record: VisibleNegotiation, event: RecordedEvent, reader: Reader, resource: string, notFound: () => Error): Promise<void> {
    const classification = record.classificationOf(event, this.clock.now().toISOString());
    try {
      await this.policy.assertReadable(reader.actor, { eventId: event.eventId, stream: event.stream, classification, resource }, reader.purpose, {
        correlationId: reader.correlationId ?? null,
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === AccessErrorCode.RECORD_NOT_FOUND) throw notFound();
      throw error;
    }
  }

  /** Logs the reads of the screened records an answer shows: one access-log entry per confidential or privileged one, in one append. */
  logReads(record: VisibleNegotiation, shown: readonly RecordedEvent[], reader: Reader, resource: string): Promise<void> {
    return this.policy.recordReads(reader.actor, shown, reader.purpose, {
      resource,
      classificationOf: record.classificationOf,
      correlationId: reader.correlationId ?? null,
    });
  }

  /** A unit as registered, with its stream; 404 when it is not. */
  async unit(unitId: string): Promise<{ state: Extract<UnitState, { status: 'registered' }>; events: RecordedEvent[] }> {
    if (!isBargainingId(unitId)) throw unitNotFound(unitId);
    const events = await readStreamOrEmpty(this.store, unitStream(unitId));
    const state = fold(unitDecider.evolve, unitDecider.initialState(), events as unknown as UnitEvent[]);
    if (state.status !== 'registered') throw unitNotFound(unitId);
    return { state, events };
  }

  /** A demand to bargain as a command resolving it by id needs it; 404 when never recorded. */
  async demandForCommand(demandId: string): Promise<DemandSnapshot> {
    if (!isBargainingId(demandId)) throw demandNotFound(demandId);
    const events = await readStreamOrEmpty(this.store, demandStream(demandId));
    return demandSnapshot(foldDemand(events), demandId);
  }

  /**
   * A demand to bargain as the reader may see it (its records carry their classification as
   * recorded), the reads logged; 404 when never recorded or not visible.
   */
  async demand(demandId: string, reader: Reader, resource: string): Promise<{ state: MadeDemand; visible: RecordedEvent[]; revision: number }> {
    if (!isBargainingId(demandId)) throw demandNotFound(demandId);
    const events = await readStreamOrEmpty(this.store, demandStream(demandId));
    const classificationOf = (event: RecordedEvent): ClassificationMark => event.classification;
    const { readable } = this.policy.screen(reader.actor, events, reader.purpose, { classificationOf });
    const state = foldDemand(readable);
    if (state.status !== 'made') throw demandNotFound(demandId);
    await this.policy.recordReads(reader.actor, readable, reader.purpose, { resource, classificationOf, correlationId: reader.correlationId ?? null });
    return { state, visible: readable, revision: events.at(-1)!.revision };
  }

  private async classified(negotiationId: string): Promise<Pick<VisibleNegotiation, 'stored' | 'classificationOf'>> {
    const stored = await this.negotiationEvents(negotiationId);
    const book = await this.files.classificationBook(negotiationId, stored);
    return { stored, classificationOf: (event, asOf) => book.classificationOf(event, asOf) };
  }

  private folded(stored: readonly RecordedEvent[], visible: readonly RecordedEvent[], classificationOf: VisibleNegotiation['classificationOf'], withheld: readonly RecordedEvent[]): VisibleNegotiation {
    const state = fold(evolveNegotiation, initialNegotiationState(), visible as unknown as NegotiationEvent[]);
    return { stored, visible, state, classificationOf, withheld };
  }
}

/**
 * How many records an answer leaves out for want of a purpose: the withheld events it would show
 * (its own kinds of record, and the corrections of them).
 */
export function withheldFrom(record: VisibleNegotiation, types: ReadonlySet<string> | null): number {
  if (types === null) return record.withheld.length;
  return record.withheld.filter((event) => types.has(event.type) || (event.type === 'CorrectionRecorded' && types.has(String(event.data['correctedEventType'])))).length;
}

/** The visible events an answer shows, by id (the records whose content it carries). */
export function shownIn(record: VisibleNegotiation, eventIds: readonly string[]): RecordedEvent[] {
  const ids = new Set(eventIds);
  return record.visible.filter((event) => ids.has(event.eventId));
}
