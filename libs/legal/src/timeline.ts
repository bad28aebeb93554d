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

/**
 * Assembles the chronology. Filters apply to each fact as shown: its corrected business day (or its
 * day of recording, for the system time base), its type, the articles and side it concerns (a
 * correction concerns what its original does). A fact keeps every correction beside it even when
 * the correction itself falls outside the filters.
 */
export function legalTimeline(events: readonly RecordedEvent[], options: TimelineOptions): TimelineFact[] {
  const index = indexFacts(events);
  const correctionsOf = correctionsByTarget(events);
  const timeBase = options.timeBase ?? 'business';
  const order = options.order ?? (timeBase === 'business' ? 'occurredAt' : 'recordedAt');
  const types = options.types && options.types.length > 0 ? new Set(options.types) : null;

  const rows: { fact: TimelineFact; position: string }[] = [];
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
    // A fact whose date is known only as a month, a range or a bound is in a date range it may fall in.
    const days = timeBase === 'business' ? possibleDays(effective.occurredAt) : { from: systemDay(event), to: systemDay(event) };
    if (options.from !== undefined && days.to !== null && days.to < options.from) continue;
    if (options.to !== undefined && days.from !== null && days.from > options.to) continue;
    if (types && !types.has(fact.type)) continue;
    if (options.article !== undefined && !fact.articles.includes(options.article)) continue;
    if (options.side !== undefined && fact.side !== options.side) continue;
    rows.push({ fact, position: event.position });
  }
  rows.sort(order === 'occurredAt' ? byOccurred : byRecorded);
  return rows.map((row) => row.fact);
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
