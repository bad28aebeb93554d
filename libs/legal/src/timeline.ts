import { ACCESS_LOG_STREAM_CATEGORY, CLASSIFICATION_STREAM_CATEGORY } from '#access';
import { DEMAND_STREAM_CATEGORY, NEGOTIATION_STREAM_CATEGORY } from '#bargaining';
import { type RecordedEvent, compareCheckpoints, streamCategory } from '#event-store';
import { INFORMATION_REQUEST_STREAM_CATEGORY } from '#information-requests';
import { type Actor, type BusinessTime, type ClassificationMark, type ImportProvenance, businessDayOf, businessInstant, daysRecordedAfter, describeBusinessTime, possibleDays } from '#kernel';
import {
  type IsoDate,
  type Side,
  articlesOf,
  corrected,
  correctionsByTarget,
  indexFacts,
  isCorrection,
  sideOf,
  systemDay,
} from './facts.js';

/*
 * The legal timeline: one chronology of a negotiation's file across its streams, each fact with
 * when it happened (occurredAt, with its precision), when and by whom it was recorded, how late,
 * and its corrections beside it. Pure: the caller passes only facts the reader may see.
 */

export const TIME_BASES = ['business', 'system'] as const;
export type TimeBase = (typeof TIME_BASES)[number];

export const TIMELINE_ORDERS = ['occurredAt', 'recordedAt'] as const;
export type TimelineOrder = (typeof TIMELINE_ORDERS)[number];

export const FACT_SOURCES = ['negotiation', 'demand-to-bargain', 'information-request', 'classification', 'access-log', 'other'] as const;
export type FactSource = (typeof FACT_SOURCES)[number];

export interface CorrectionBeside {
  readonly eventId: string;
  readonly reason: string;
  readonly correctedFields: Readonly<Record<string, unknown>>;
  readonly occurredAt: BusinessTime;
  readonly recordedAt: string;
  readonly recordedBy: Actor;
}

export interface LateEntry {
  /** Recorded more than lateEntryDays calendar days after it happened (as corrected). */
  readonly late: boolean;
  /** Calendar days from the (corrected) business day, its latest possible day when known less precisely, to the day of recording (UTC). */
  readonly gapDays: number;
}

export interface TimelineFact {
  readonly eventId: string;
  readonly stream: string;
  readonly revision: number;
  readonly source: FactSource;
  readonly type: string;
  /** As recorded. */
  readonly occurredAt: BusinessTime;
  /** As its corrections leave it (the same when never corrected). */
  readonly effectiveOccurredAt: BusinessTime;
  /** effectiveOccurredAt as the record knows it, in words: "5 March 2025", "February 2008", "on or after 16 April 2010". */
  readonly occurredAtDescription: string;
  readonly recordedAt: string;
  readonly recordedBy: Actor;
  readonly lateEntry: LateEntry;
  /** Where a fact imported from a historic source came from; null for a fact recorded live. */
  readonly imported: ImportProvenance | null;
  /** In effect today. */
  readonly classification: ClassificationMark;
  /** As recorded with the fact. */
  readonly recordedClassification: ClassificationMark;
  readonly articles: readonly string[];
  readonly side: Side | null;
  /** The fact as recorded (never rewritten by its corrections: they are beside it). */
  readonly data: Readonly<Record<string, unknown>>;
  /** Corrections of this fact, in recording order. */
  readonly corrections: readonly CorrectionBeside[];
  /** For a correction: what it corrects. */
  readonly corrects: { readonly eventId: string; readonly type: string; readonly found: boolean } | null;
  readonly hash: string;
  readonly prevHash: string;
}

export interface TimelineOptions {
  readonly lateEntryDays: number;
  /** Which time the date range applies to. Default business. */
  readonly timeBase?: TimeBase;
  /** Default: occurredAt for the business time base, recordedAt for the system one. */
  readonly order?: TimelineOrder;
  readonly from?: IsoDate;
  readonly to?: IsoDate;
  readonly types?: readonly string[];
  readonly article?: string;
  readonly side?: Side;
  /** Classification today; default: as recorded. */
  readonly classificationOf?: (event: RecordedEvent, asOf: string) => ClassificationMark;
  /** The instant classifications are taken at. */
  readonly now: string;
}

const SOURCES: Readonly<Record<string, FactSource>> = {
  [NEGOTIATION_STREAM_CATEGORY]: 'negotiation',
  [DEMAND_STREAM_CATEGORY]: 'demand-to-bargain',
  [INFORMATION_REQUEST_STREAM_CATEGORY]: 'information-request',
  [CLASSIFICATION_STREAM_CATEGORY]: 'classification',
  [ACCESS_LOG_STREAM_CATEGORY]: 'access-log',
};

/** An imported fact is a historic record entered with its provenance, never a late entry (DOMAIN.md). */
export function lateEntry(occurredAt: BusinessTime, recordedAt: string, lateEntryDays: number, imported = false): LateEntry {
  const gapDays = daysRecordedAfter(occurredAt, recordedAt);
  return { late: !imported && gapDays > lateEntryDays, gapDays };
}

const besideOf = (correction: RecordedEvent): CorrectionBeside => ({
  eventId: correction.eventId,
  reason: String(correction.data['reason'] ?? ''),
  correctedFields: (correction.data['correctedFields'] ?? {}) as Record<string, unknown>,
  occurredAt: correction.occurredAt,
  recordedAt: correction.recordedAt,
  recordedBy: correction.actor,
});

/**
 * Business order: by the day a fact is filed under (its earliest possible day when known less
 * precisely than a day), then by instant, then in recording order. Each fact's place depends on its
 * own dates alone, so facts with imprecise dates never reorder facts whose dates are certain.
 */
export function byOccurred(a: { fact: Pick<TimelineFact, 'effectiveOccurredAt' | 'recordedAt'>; position: string }, b: { fact: Pick<TimelineFact, 'effectiveOccurredAt' | 'recordedAt'>; position: string }): number {
  const dayA = businessDayOf(a.fact.effectiveOccurredAt);
  const dayB = businessDayOf(b.fact.effectiveOccurredAt);
  if (dayA !== dayB) return dayA < dayB ? -1 : 1;
  const instantA = businessInstant(a.fact.effectiveOccurredAt);
  const instantB = businessInstant(b.fact.effectiveOccurredAt);
  if (instantA !== instantB) return instantA < instantB ? -1 : 1;
  return byRecorded(a, b);
}

function byRecorded(a: { fact: Pick<TimelineFact, 'recordedAt'>; position: string }, b: { fact: Pick<TimelineFact, 'recordedAt'>; position: string }): number {
  const timeA = Date.parse(a.fact.recordedAt);
  const timeB = Date.parse(b.fact.recordedAt);
  if (timeA !== timeB) return timeA - timeB;
  return compareCheckpoints(a.position, b.position);
}

/** A fact of the timeline with what its filters and orders read: its place in the record and its possible days. */
export interface TimelineRow {
  readonly fact: TimelineFact;
  readonly position: string;
  /** The days its corrected business time may fall on (null: open-ended). */
  readonly business: { readonly from: IsoDate | null; readonly to: IsoDate | null };
  /** Its day of recording (UTC). */
  readonly system: IsoDate;
}

export type TimelineFilters = Pick<TimelineOptions, 'timeBase' | 'from' | 'to' | 'types' | 'article' | 'side'>;

/**
 * Every fact of the chronology, unfiltered and in the order given: what legalTimeline filters and
 * sorts. Each fact is shaped by all the events given (the facts it refers to, its corrections).
 */
export function timelineRows(events: readonly RecordedEvent[], options: Pick<TimelineOptions, 'lateEntryDays' | 'classificationOf' | 'now'>): TimelineRow[] {
  const index = indexFacts(events);
  const correctionsOf = correctionsByTarget(events);
  const rows: TimelineRow[] = [];
  for (const event of events) {
    const corrections = correctionsOf.get(event.eventId) ?? [];
    const effective = corrected(event, corrections);
    const target = isCorrection(event) ? String(event.data['correctedEventId'] ?? '') : null;
    const fact: TimelineFact = {
      eventId: event.eventId,
      stream: event.stream,
      revision: event.revision,
      source: SOURCES[streamCategory(event.stream)] ?? 'other',
      type: event.type,
      occurredAt: event.occurredAt,
      effectiveOccurredAt: effective.occurredAt,
      occurredAtDescription: describeBusinessTime(effective.occurredAt),
      recordedAt: event.recordedAt,
      recordedBy: event.actor,
      lateEntry: lateEntry(effective.occurredAt, event.recordedAt, options.lateEntryDays, event.imported !== undefined),
      imported: event.imported ?? null,
      classification: options.classificationOf?.(event, options.now) ?? event.classification,
      recordedClassification: event.classification,
      articles: articlesOf(event, index),
      side: sideOf(event, index),
      data: event.data,
      corrections: corrections.map(besideOf),
      corrects:
        target === null
          ? null
          : { eventId: target, type: String(event.data['correctedEventType'] ?? index.byEventId.get(target)?.type ?? ''), found: index.byEventId.has(target) },
      hash: event.hash,
      prevHash: event.prevHash,
    };
    rows.push({ fact, position: event.position, business: possibleDays(effective.occurredAt), system: systemDay(event) });
  }
  return rows;
}

/** The rows in a timeline order (a total order: the same rows always sort the same). */
export function sortTimelineRows(rows: readonly TimelineRow[], order: TimelineOrder): TimelineRow[] {
  return [...rows].sort(order === 'occurredAt' ? byOccurred : byRecorded);
}

/**
 * The rows the filters keep, in the order given. Filters apply to each fact as shown: its corrected
 * business day (or its day of recording, for the system time base), its type, the articles and side
 * it concerns (a correction concerns what its original does).
 */
export function filterTimelineRows(rows: readonly TimelineRow[], filters: TimelineFilters): TimelineRow[] {
  const timeBase = filters.timeBase ?? 'business';
  const types = filters.types && filters.types.length > 0 ? new Set(filters.types) : null;
  return rows.filter((row) => {
    // A fact whose date is known only as a month, a range or a bound is in a date range it may fall in.
    const days = timeBase === 'business' ? row.business : { from: row.system, to: row.system };
    if (filters.from !== undefined && days.to !== null && days.to < filters.from) return false;
    if (filters.to !== undefined && days.from !== null && days.from > filters.to) return false;
    if (types && !types.has(row.fact.type)) return false;
    if (filters.article !== undefined && !row.fact.articles.includes(filters.article)) return false;
    if (filters.side !== undefined && row.fact.side !== filters.side) return false;
    return true;
  });
}

/** A page of the timeline: at most `limit` rows after the cursor `after`, before `before`, or from the start. */
export interface TimelinePageRequest {
  readonly limit: number;
  readonly after?: TimelineCursor;
  readonly before?: TimelineCursor;
}

/** Where a page of the timeline starts or ends: the place of a fact in a timeline order. */
export interface TimelineCursor {
  readonly order: TimelineOrder;
  readonly effectiveOccurredAt: BusinessTime;
  readonly recordedAt: string;
  readonly position: string;
}

export interface TimelinePage {
  readonly rows: readonly TimelineRow[];
  /** The cursor after the page's last row, when rows follow it. */
  readonly next: TimelineCursor | null;
  /** The cursor before the page's first row, when rows precede it. */
  readonly previous: TimelineCursor | null;
}

const cursorOf = (row: TimelineRow, order: TimelineOrder): TimelineCursor => ({ order, effectiveOccurredAt: row.fact.effectiveOccurredAt, recordedAt: row.fact.recordedAt, position: row.position });

/**
 * One page of rows sorted in `order`: the first `limit` after the cursor `after`, the last `limit`
 * before the cursor `before`, or the first `limit`. A cursor names a place in the order, not a fact,
 * so a page read after the record grew or a fact was corrected still starts where the last one ended.
 */
export function timelinePage(sorted: readonly TimelineRow[], order: TimelineOrder, page: TimelinePageRequest): TimelinePage {
  const compare = order === 'occurredAt' ? byOccurred : byRecorded;
  const at = (cursor: TimelineCursor) => ({ fact: { effectiveOccurredAt: cursor.effectiveOccurredAt, recordedAt: cursor.recordedAt }, position: cursor.position });
  // The first index whose row sorts after the cursor (strictly, or at it when `inclusive`).
  const firstAfter = (cursor: TimelineCursor, inclusive: boolean): number => {
    let low = 0;
    let high = sorted.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const c = compare(sorted[mid]!, at(cursor));
      if (c > 0 || (inclusive && c === 0)) high = mid;
      else low = mid + 1;
    }
    return low;
  };
  let start = 0;
  let end = Math.min(sorted.length, page.limit);
  if (page.after !== undefined) {
    start = firstAfter(page.after, false);
    end = Math.min(sorted.length, start + page.limit);
  } else if (page.before !== undefined) {
    end = firstAfter(page.before, true);
    start = Math.max(0, end - page.limit);
  }
  const rows = sorted.slice(start, end);
  return {
    rows,
    next: end < sorted.length && rows.length > 0 ? cursorOf(rows.at(-1)!, order) : null,
    previous: start > 0 && rows.length > 0 ? cursorOf(rows[0]!, order) : null,
  };
}

/**
 * Assembles the chronology: timelineRows, filtered (filterTimelineRows) and sorted. A fact keeps
 * every correction beside it even when the correction itself falls outside the filters.
 */
export function legalTimeline(events: readonly RecordedEvent[], options: TimelineOptions): TimelineFact[] {
  const timeBase = options.timeBase ?? 'business';
  const order = options.order ?? (timeBase === 'business' ? 'occurredAt' : 'recordedAt');
  return filterTimelineRows(sortTimelineRows(timelineRows(events, options), order), options).map((row) => row.fact);
}

/** The ids of every fact a timeline shows, with the corrections shown beside them: what its reader read. */
export function shownEventIds(timeline: readonly TimelineFact[]): Set<string> {
  const ids = new Set<string>();
  for (const fact of timeline) {
    ids.add(fact.eventId);
    for (const correction of fact.corrections) ids.add(correction.eventId);
  }
  return ids;
}
