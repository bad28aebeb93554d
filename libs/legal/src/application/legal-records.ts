import { ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { AccessErrorCode, type AccessContext, NegotiationFiles, ReadPolicy } from '#access';
import { type EventStore, type RecordedEvent, readStreamOrEmpty } from '#event-store';
import { CLOCK, type Clock, EVENT_STORE } from '#platform';
import { informationRequestPolicyStream } from '#information-requests';
import { type ClassificationMark, notFound } from '#kernel';
import { type AsOfBasis, type TableAsOf, isTableFact, tableAsOf } from '../as-of.js';
import type { Side } from '../facts.js';
import { type TimeBase, type TimelineFact, type TimelineOrder, legalTimeline, shownEventIds } from '../timeline.js';

export const LEGAL_OPTIONS = Symbol.for('lrr.LegalOptions');

export interface LegalOptions {
  /** LATE_ENTRY_DAYS: a fact recorded more than this many days after it happened is a late entry. */
  readonly lateEntryDays: number;
}

export const TIMELINE_RESOURCE = 'GET /negotiations/:id/timeline';
export const AS_OF_RESOURCE = 'GET /negotiations/:id/as-of/:date';
export const FACT_RESOURCE = 'GET /negotiations/:id/timeline/:eventId';

export interface TimelineQuery {
  readonly from?: string;
  readonly to?: string;
  readonly timeBase?: TimeBase;
  readonly order?: TimelineOrder;
  readonly types?: readonly string[];
  readonly article?: string;
  readonly side?: Side;
  readonly includeAccessLog?: boolean;
}

export interface TimelineView {
  readonly negotiationId: string;
  readonly timeBase: TimeBase;
  readonly order: TimelineOrder;
  readonly lateEntryDays: number;
  readonly filters: Omit<TimelineQuery, 'timeBase' | 'order'>;
  readonly count: number;
  readonly lateEntries: number;
  readonly corrections: number;
  /** Privileged facts the caller is cleared for but asked for without X-Access-Purpose. */
  readonly withheldForPurpose: number;
  readonly facts: readonly TimelineFact[];
}

/** Roles that may read the access log beside the facts (DESIGN.md: records officers query it). */
const ACCESS_LOG_READERS = new Set(['records-officer']);

/**
 * The legal read paths over a negotiation's file: the timeline and the table as of a day. Both read
 * the events (not a projection), apply the one read policy to every fact with its classification in
 * effect today, and log exactly the confidential and privileged facts the answer shows or rests on.
 */
@Injectable()
export class LegalRecords {
  constructor(
    @Inject(NegotiationFiles) private readonly files: NegotiationFiles,
    @Inject(ReadPolicy) private readonly policy: ReadPolicy,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(LEGAL_OPTIONS) private readonly options: LegalOptions,
  ) {}

  async timeline(negotiationId: string, query: TimelineQuery, access: AccessContext): Promise<TimelineView> {
    if (query.includeAccessLog && !ACCESS_LOG_READERS.has(access.actor.role)) {
      throw new ForbiddenException('the access log is read by records officers');
    }
    const file = await this.files.read(negotiationId, { accessLog: query.includeAccessLog === true });
    const now = this.clock.now().toISOString();
    const classificationOf = (event: RecordedEvent, asOf: string): ClassificationMark => file.book.classificationOf(event, asOf);
    const candidates = [...file.records, ...file.classificationChanges, ...file.accessLog];
    const screened = this.policy.screen(access.actor, candidates, access.purpose, { classificationOf });
    const timeBase = query.timeBase ?? 'business';
    const order = query.order ?? (timeBase === 'business' ? 'occurredAt' : 'recordedAt');
    const facts = legalTimeline(screened.readable, {
      lateEntryDays: this.options.lateEntryDays,
      timeBase,
      order,
      ...(query.from !== undefined && { from: query.from }),
      ...(query.to !== undefined && { to: query.to }),
      ...(query.types !== undefined && { types: query.types }),
      ...(query.article !== undefined && { article: query.article }),
      ...(query.side !== undefined && { side: query.side }),
      classificationOf,
      now,
    });
    const shown = shownEventIds(facts);
    await this.policy.recordReads(
      access.actor,
      screened.readable.filter((event) => shown.has(event.eventId)),
      access.purpose,
      { resource: TIMELINE_RESOURCE, classificationOf, correlationId: access.correlationId },
    );
    const { timeBase: _t, order: _o, ...filters } = query;
    return {
      negotiationId,
      timeBase,
      order,
      lateEntryDays: this.options.lateEntryDays,
      filters,
      count: facts.length,
      lateEntries: facts.filter((f) => f.lateEntry.late).length,
      corrections: facts.filter((f) => f.corrects !== null).length,
      withheldForPurpose: screened.withheldForPurpose,
      facts,
    };
  }

  /**
   * One fact as the timeline shows it, with its corrections beside it. Asking for a record by id is
   * an attempt at it: a refusal is logged and answers 404 (422 for privileged content without a purpose).
   */
  async fact(negotiationId: string, eventId: string, access: AccessContext): Promise<TimelineFact> {
    const file = await this.files.read(negotiationId);
    const now = this.clock.now().toISOString();
    const classificationOf = (event: RecordedEvent, asOf: string): ClassificationMark => file.book.classificationOf(event, asOf);
    const candidates = [...file.records, ...file.classificationChanges];
    const event = candidates.find((candidate) => candidate.eventId === eventId);
    if (!event) throw notFound(AccessErrorCode.RECORD_NOT_FOUND, 'no such record');
    await this.policy.assertReadable(
      access.actor,
      { eventId, stream: event.stream, classification: classificationOf(event, now), resource: FACT_RESOURCE, negotiationId },
      access.purpose,
      { correlationId: access.correlationId },
    );
    const screened = this.policy.screen(access.actor, candidates, access.purpose, { classificationOf });
    const fact = legalTimeline(screened.readable, { lateEntryDays: this.options.lateEntryDays, classificationOf, now }).find((f) => f.eventId === eventId)!;
    const beside = new Set(fact.corrections.map((c) => c.eventId));
    await this.policy.recordReads(
      access.actor,
      screened.readable.filter((e) => beside.has(e.eventId)),
      access.purpose,
      { resource: FACT_RESOURCE, classificationOf, correlationId: access.correlationId },
    );
    return fact;
  }

  async asOf(negotiationId: string, asOf: string, basis: AsOfBasis, access: AccessContext): Promise<TableAsOf & { withheldForPurpose: number }> {
    const file = await this.files.read(negotiationId);
    const classificationOf = (event: RecordedEvent, at: string): ClassificationMark => file.book.classificationOf(event, at);
    // Costings and notes do not shape the table; a correction matters with what it corrects.
    const tableIds = new Set(file.negotiation.filter(isTableFact).map((e) => e.eventId));
    const relevant = file.negotiation.filter((e) => isTableFact(e) || (e.type === 'CorrectionRecorded' && tableIds.has(String(e.data['correctedEventId']))));
    const requests = [...file.informationRequests.values()];
    const screened = this.policy.screen(access.actor, [...relevant, ...file.demand, ...requests.flat()], access.purpose, { classificationOf });
    const readable = new Set(screened.readable.map((e) => e.eventId));

    const units = new Set(requests.flatMap((events) => events.filter((e) => e.type === 'InformationRequestReceived').map((e) => String(e.data['unitId']))));
    const policies = new Map<string, RecordedEvent[]>();
    for (const unitId of units) {
      try {
        policies.set(unitId, await readStreamOrEmpty(this.store, informationRequestPolicyStream(unitId)));
      } catch {
        // A unit id that cannot name a policy stream has none: weekends only.
      }
    }

    const { table, used } = tableAsOf({
      negotiationId,
      asOf,
      basis,
      negotiation: relevant.filter((e) => readable.has(e.eventId)),
      demand: file.demand.filter((e) => readable.has(e.eventId)),
      informationRequests: requests.map((events) => events.filter((e) => readable.has(e.eventId))),
      policies,
    });
    await this.policy.recordReads(
      access.actor,
      screened.readable.filter((e) => used.has(e.eventId)),
      access.purpose,
      { resource: AS_OF_RESOURCE, classificationOf, correlationId: access.correlationId },
    );
    return { ...table, withheldForPurpose: screened.withheldForPurpose };
  }
}
