import { BadRequestException, ForbiddenException, Inject, Injectable } from '@nestjs/common';
import { AccessErrorCode, type AccessContext, KeptForReaders, type NegotiationFile, NegotiationFiles, ReadPolicy } from '#access';
import { type EventStore, type RecordedEvent, readStreamOrEmpty } from '#event-store';
import { CLOCK, type Clock, EVENT_STORE } from '#platform';
import { informationRequestPolicyStream } from '#information-requests';
import { type ClassificationMark, calendarDay, isWellFormedBusinessTime, notFound } from '#kernel';
import { type AsOfBasis, type AsOfResult, type TableAsOf, isTableFact, tableAsOf } from '../as-of.js';
import type { Side } from '../facts.js';
import {
  type TimeBase,
  type TimelineCursor,
  type TimelineFact,
  type TimelineOrder,
  type TimelineRow,
  TIMELINE_ORDERS,
  filterTimelineRows,
  shownEventIds,
  sortTimelineRows,
  timelinePage,
  timelineRows,
} from '../timeline.js';

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

/** Which page of the timeline: at most `limit` facts after the cursor `after`, before `before`, or from the start. */
export interface TimelinePageQuery {
  readonly limit?: number;
  readonly after?: string;
  readonly before?: string;
}

export const DEFAULT_TIMELINE_PAGE = 200;
export const MAX_TIMELINE_PAGE = 1000;

export interface TimelineView {
  readonly negotiationId: string;
  readonly timeBase: TimeBase;
  readonly order: TimelineOrder;
  readonly lateEntryDays: number;
  readonly filters: Omit<TimelineQuery, 'timeBase' | 'order'>;
  /** Facts the filters keep, on every page. */
  readonly count: number;
  readonly lateEntries: number;
  readonly corrections: number;
  /** Privileged facts the caller is cleared for but asked for without X-Access-Purpose. */
  readonly withheldForPurpose: number;
  /** This page's facts, in the timeline's order; the pages joined are the whole timeline. */
  readonly facts: readonly TimelineFact[];
  readonly limit: number;
  /** Pass as `after` for the next page; null on the last. */
  readonly nextCursor: string | null;
  /** Pass as `before` for the page before; null on the first. */
  readonly previousCursor: string | null;
}

/** A page cursor: a place in a timeline order, opaque to the client. */
export function encodeTimelineCursor(cursor: TimelineCursor): string {
  return Buffer.from(JSON.stringify([cursor.order, cursor.effectiveOccurredAt, cursor.recordedAt, cursor.position]), 'utf8').toString('base64url');
}

/** The place a cursor names, or null for anything this API did not issue. */
export function decodeTimelineCursor(text: string): TimelineCursor | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.length !== 4) return null;
  const [order, effectiveOccurredAt, recordedAt, position] = parsed as unknown[];
  if (!TIMELINE_ORDERS.includes(order as TimelineOrder) || !isWellFormedBusinessTime(effectiveOccurredAt)) return null;
  if (typeof recordedAt !== 'string' || Number.isNaN(Date.parse(recordedAt)) || typeof position !== 'string' || !/^\d{1,20}\/\d{1,20}$/.test(position)) return null;
  return { order: order as TimelineOrder, effectiveOccurredAt, recordedAt, position };
}

/** A reader's timeline of one file: the facts it may see, each shaped by only those, in both orders once asked. */
interface ReadersTimeline {
  readonly file: NegotiationFile;
  readonly readable: readonly RecordedEvent[];
  readonly withheldForPurpose: number;
  readonly rows: readonly TimelineRow[];
  readonly byEventId: ReadonlyMap<string, TimelineRow>;
  readonly sorted: Map<TimelineOrder, readonly TimelineRow[]>;
}

/** How many timeline rows the readers' timelines kept between requests hold together, at most (about 1 kB each). */
const KEPT_TIMELINE_ROWS = 60_000;

/** A reader's part of a file that the table as of a day is folded from. */
interface ReadersAsOfInput {
  readonly readable: readonly RecordedEvent[];
  readonly withheldForPurpose: number;
  readonly negotiation: readonly RecordedEvent[];
  readonly demand: readonly RecordedEvent[];
  readonly informationRequests: readonly (readonly RecordedEvent[])[];
  readonly units: readonly string[];
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

  /** Readers' timelines of kept files, about 1 kB a row. */
  private readonly timelines = new KeptForReaders<ReadersTimeline>(KEPT_TIMELINE_ROWS, (timeline) => timeline.rows.length);
  /** What the table as of a day is folded from, for a reader: references to the kept file's events. */
  private readonly asOfInputs = new KeptForReaders<ReadersAsOfInput>(16, () => 1);
  /** Tables as of a day, with the events each rests on. */
  private readonly asOfAnswers = new KeptForReaders<AsOfResult>(64, () => 1);

  async timeline(negotiationId: string, query: TimelineQuery, access: AccessContext, page: TimelinePageQuery = {}): Promise<TimelineView> {
    if (query.includeAccessLog && !ACCESS_LOG_READERS.has(access.actor.role)) {
      throw new ForbiddenException('the access log is read by records officers');
    }
    if (page.after !== undefined && page.before !== undefined) throw new BadRequestException('after and before: one cursor at a time');
    const cursorText = page.after ?? page.before;
    const cursor = cursorText === undefined ? null : decodeTimelineCursor(cursorText);
    if (cursorText !== undefined && cursor === null) throw new BadRequestException('cursor is not one this timeline issued');
    const timeBase = query.timeBase ?? 'business';
    const order = query.order ?? (timeBase === 'business' ? 'occurredAt' : 'recordedAt');
    if (cursor !== null && cursor.order !== order) throw new BadRequestException(`cursor was issued for the ${cursor.order} order, not ${order}`);
    const limit = page.limit ?? DEFAULT_TIMELINE_PAGE;

    // The access log grows with every logged read: a timeline with it is folded from the file read whole.
    const timeline = query.includeAccessLog ? this.readersTimeline(await this.files.read(negotiationId, { accessLog: true }), access, true) : await this.keptTimeline(negotiationId, access);
    const classificationOf = (event: RecordedEvent, asOf: string): ClassificationMark => timeline.file.book.classificationOf(event, asOf);
    const filters = {
      timeBase,
      ...(query.from !== undefined && { from: query.from }),
      ...(query.to !== undefined && { to: query.to }),
      ...(query.types !== undefined && { types: query.types }),
      ...(query.article !== undefined && { article: query.article }),
      ...(query.side !== undefined && { side: query.side }),
    };
    const kept = filterTimelineRows(this.sorted(timeline, order), filters);
    const shownPage = timelinePage(kept, order, { limit, ...(cursor !== null && (page.after !== undefined ? { after: cursor } : { before: cursor })) });
    const facts = shownPage.rows.map((row) => row.fact);
    const shown = shownEventIds(facts);
    await this.policy.recordReads(
      access.actor,
      timeline.readable.filter((event) => shown.has(event.eventId)),
      access.purpose,
      { resource: TIMELINE_RESOURCE, classificationOf, correlationId: access.correlationId },
    );
    const { timeBase: _t, order: _o, ...rest } = query;
    let lateEntries = 0;
    let corrections = 0;
    for (const { fact } of kept) {
      if (fact.lateEntry.late) lateEntries += 1;
      if (fact.corrects !== null) corrections += 1;
    }
    return {
      negotiationId,
      timeBase,
      order,
      lateEntryDays: this.options.lateEntryDays,
      filters: rest,
      count: kept.length,
      lateEntries,
      corrections,
      withheldForPurpose: timeline.withheldForPurpose,
      facts,
      limit,
      nextCursor: shownPage.next === null ? null : encodeTimelineCursor(shownPage.next),
      previousCursor: shownPage.previous === null ? null : encodeTimelineCursor(shownPage.previous),
    };
  }

  /**
   * One fact as the timeline shows it, with its corrections beside it. Asking for a record by id is
   * an attempt at it: a refusal is logged and answers 404 (422 for privileged content without a purpose).
   */
  async fact(negotiationId: string, eventId: string, access: AccessContext): Promise<TimelineFact> {
    const file = await this.files.current(negotiationId);
    const now = this.clock.now().toISOString();
    const classificationOf = (event: RecordedEvent, asOf: string): ClassificationMark => file.book.classificationOf(event, asOf);
    const event = file.records.find((candidate) => candidate.eventId === eventId) ?? file.classificationChanges.find((candidate) => candidate.eventId === eventId);
    if (!event) throw notFound(AccessErrorCode.RECORD_NOT_FOUND, 'no such record');
    await this.policy.assertReadable(
      access.actor,
      { eventId, stream: event.stream, classification: classificationOf(event, now), resource: FACT_RESOURCE, negotiationId },
      access.purpose,
      { correlationId: access.correlationId },
    );
    const timeline = await this.keptTimeline(negotiationId, access, file);
    const fact = timeline.byEventId.get(eventId)!.fact;
    const beside = new Set(fact.corrections.map((c) => c.eventId));
    await this.policy.recordReads(
      access.actor,
      timeline.readable.filter((e) => beside.has(e.eventId)),
      access.purpose,
      { resource: FACT_RESOURCE, classificationOf, correlationId: access.correlationId },
    );
    return fact;
  }

  /**
   * The reader's timeline of the file kept between requests (NegotiationFiles.current), itself kept
   * while the file is and the reader's clearance, purpose and today's classifications are the same.
   */
  private async keptTimeline(negotiationId: string, access: AccessContext, given?: NegotiationFile): Promise<ReadersTimeline> {
    const file = given ?? (await this.files.current(negotiationId));
    return this.timelines.get(this.readerKey(negotiationId, access), file, () => this.readersTimeline(file, access, false));
  }

  /** The facts of the file the reader may see (its access log too when asked), each shaped by only those. */
  private readersTimeline(file: NegotiationFile, access: AccessContext, withAccessLog: boolean): ReadersTimeline {
    const now = this.clock.now().toISOString();
    const classificationOf = (event: RecordedEvent, asOf: string): ClassificationMark => file.book.classificationOf(event, asOf);
    const candidates = [...file.records, ...file.classificationChanges, ...(withAccessLog ? file.accessLog : [])];
    const screened = this.policy.screen(access.actor, candidates, access.purpose, { classificationOf });
    const rows = timelineRows(screened.readable, { lateEntryDays: this.options.lateEntryDays, classificationOf, now });
    return {
      file,
      readable: screened.readable,
      withheldForPurpose: screened.withheldForPurpose,
      rows,
      byEventId: new Map(rows.map((row) => [row.fact.eventId, row])),
      sorted: new Map(),
    };
  }

  private sorted(timeline: ReadersTimeline, order: TimelineOrder): readonly TimelineRow[] {
    let sorted = timeline.sorted.get(order);
    if (sorted === undefined) {
      sorted = sortTimelineRows(timeline.rows, order);
      timeline.sorted.set(order, sorted);
    }
    return sorted;
  }

  async asOf(negotiationId: string, asOf: string, basis: AsOfBasis, access: AccessContext): Promise<TableAsOf & { withheldForPurpose: number }> {
    const file = await this.files.current(negotiationId);
    const classificationOf = (event: RecordedEvent, at: string): ClassificationMark => file.book.classificationOf(event, at);
    const reader = this.readerKey(negotiationId, access);
    const input = this.asOfInputs.get(reader, file, () => {
      // Costings and notes do not shape the table; a correction matters with what it corrects.
      const tableIds = new Set(file.negotiation.filter(isTableFact).map((e) => e.eventId));
      const relevant = file.negotiation.filter((e) => isTableFact(e) || (e.type === 'CorrectionRecorded' && tableIds.has(String(e.data['correctedEventId']))));
      const requests = [...file.informationRequests.values()];
      const screened = this.policy.screen(access.actor, [...relevant, ...file.demand, ...requests.flat()], access.purpose, { classificationOf });
      const readable = new Set(screened.readable.map((e) => e.eventId));
      return {
        readable: screened.readable,
        withheldForPurpose: screened.withheldForPurpose,
        negotiation: relevant.filter((e) => readable.has(e.eventId)),
        demand: file.demand.filter((e) => readable.has(e.eventId)),
        informationRequests: requests.map((events) => events.filter((e) => readable.has(e.eventId))),
        units: [...new Set(requests.flatMap((events) => events.filter((e) => e.type === 'InformationRequestReceived').map((e) => String(e.data['unitId']))))],
      };
    });

    const policies = new Map<string, RecordedEvent[]>();
    for (const unitId of input.units) {
      try {
        policies.set(unitId, await readStreamOrEmpty(this.store, informationRequestPolicyStream(unitId)));
      } catch {
        // A unit id that cannot name a policy stream has none: weekends only.
      }
    }
    // The same day, basis and calendars of the same file for the same reader fold to the same table.
    const calendars = [...policies].map(([unitId, events]) => `${unitId}@${events.at(-1)?.eventId ?? ''}`);
    const { table, used } = this.asOfAnswers.get([reader, asOf, basis, ...calendars].join('\n'), file, () =>
      tableAsOf({ negotiationId, asOf, basis, negotiation: input.negotiation, demand: input.demand, informationRequests: input.informationRequests, policies }),
    );
    await this.policy.recordReads(
      access.actor,
      input.readable.filter((e) => used.has(e.eventId)),
      access.purpose,
      { resource: AS_OF_RESOURCE, classificationOf, correlationId: access.correlationId },
    );
    return { ...table, withheldForPurpose: input.withheldForPurpose };
  }

  /**
   * Who reads, as what a derived answer rests on: the negotiation, today (classifications change on
   * a day) and the reader's decision for each classification (clearance and purpose).
   */
  private readerKey(negotiationId: string, access: AccessContext): string {
    return [negotiationId, calendarDay(this.clock.now().toISOString()), this.policy.screeningKey(access.actor, access.purpose)].join('\n');
  }
}
