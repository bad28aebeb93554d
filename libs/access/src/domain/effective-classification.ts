import { CLASSIFICATIONS, type BusinessTime, type Classification, type ClassificationMark, businessDayOf, calendarDay, isWellFormedBusinessTime } from '#kernel';
import type { IsoDate } from './ids.js';

/*
 * A record keeps the mark it was recorded with; its classification on a day is that mark changed by
 * every change in effect by then. Changes come from two places: ClassificationChanged events
 * (decided by a records officer, legal counsel or an admin) and the facts themselves (a factfinding
 * report becomes public on the day it is made public). Pure: no clock, the day is an argument.
 */

/** One change of one record's classification, from a day on. */
export interface ClassificationChange {
  readonly targetEventId: string;
  readonly to: ClassificationMark;
  readonly effectiveOn: IsoDate;
  readonly reason: string;
  readonly source: ChangeSource;
}

export type ChangeSource =
  /** A ClassificationChanged event (its id, when read from the store; null inside the decider). */
  | { readonly kind: 'recorded'; readonly eventId: string | null; readonly recordedAt: string | null }
  /** Derived from a fact by a rule; `fact` is the deriving event's id. */
  | { readonly kind: 'automatic'; readonly rule: AutomaticRule; readonly fact: string };

export type AutomaticRule = 'factfinding-report-made-public' | 'correction-follows-corrected-record';

/** What a classification is computed for: any stored event. */
export interface ClassifiedRecord {
  readonly eventId: string;
  readonly classification: ClassificationMark;
}

/** A stored fact, as the automatic rules read it. */
export interface FactRecord extends ClassifiedRecord {
  readonly stream: string;
  readonly type: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly occurredAt: BusinessTime;
}

export const rankOf = (level: Classification): number => CLASSIFICATIONS.indexOf(level);

/** The more restrictive of two levels. */
export const moreRestrictive = (a: Classification, b: Classification): Classification => (rankOf(a) >= rankOf(b) ? a : b);

/**
 * Changes of one record in the order they take effect: by effective day; on one day a recorded
 * decision follows (and so overrides) an automatic one; otherwise in the order given (recording order).
 */
export function inEffectOrder(changes: readonly ClassificationChange[]): ClassificationChange[] {
  return changes
    .map((change, index) => ({ change, index }))
    .sort((a, b) =>
      a.change.effectiveOn !== b.change.effectiveOn
        ? a.change.effectiveOn < b.change.effectiveOn
          ? -1
          : 1
        : a.change.source.kind !== b.change.source.kind
          ? a.change.source.kind === 'automatic'
            ? -1
            : 1
          : a.index - b.index,
    )
    .map(({ change }) => change);
}

/**
 * The classification a record carries on `asOf` (a day, or an instant taken as its calendar day):
 * the last change in effect by then, else the mark it was recorded with.
 */
export function effectiveClassification(record: ClassifiedRecord, changes: readonly ClassificationChange[], asOf: string): ClassificationMark {
  // Most records never change: nothing to order (read paths ask this of every record they show).
  if (changes.length === 0) return record.classification;
  const day = calendarDay(asOf);
  const inEffect = inEffectOrder(changes.filter((c) => c.targetEventId === record.eventId && c.effectiveOn <= day));
  return inEffect.at(-1)?.to ?? record.classification;
}

/** One step of a record's classification history: what it was before and after. */
export interface ClassificationStep {
  readonly effectiveOn: IsoDate;
  readonly from: ClassificationMark;
  readonly to: ClassificationMark;
  readonly reason: string;
  readonly source: ChangeSource;
}

/** Every change of a record, in effect order, each with the mark it replaced. */
export function classificationHistory(record: ClassifiedRecord, changes: readonly ClassificationChange[]): ClassificationStep[] {
  let current = record.classification;
  return inEffectOrder(changes.filter((c) => c.targetEventId === record.eventId)).map((change) => {
    const step = { effectiveOn: change.effectiveOn, from: current, to: change.to, reason: change.reason, source: change.source };
    current = change.to;
    return step;
  });
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** The business day of a fact as its corrections (recording order) leave it. */
function correctedDay(fact: FactRecord, dayField: string, corrections: readonly FactRecord[]): IsoDate {
  let day = typeof fact.data[dayField] === 'string' ? (fact.data[dayField] as string) : businessDayOf(fact.occurredAt);
  for (const correction of corrections) {
    if (correction.data['correctedEventId'] !== fact.eventId) continue;
    const fields = (correction.data['correctedFields'] ?? {}) as Record<string, unknown>;
    const occurredAt = fields['occurredAt'];
    if (typeof fields[dayField] === 'string' && DAY.test(fields[dayField] as string)) day = fields[dayField] as string;
    else if (isWellFormedBusinessTime(occurredAt)) day = businessDayOf(occurredAt);
  }
  return day;
}

/**
 * The only kinds of fact the automatic rules read: a book built from these facts alone is the book
 * built from every fact (what lets a read path keep just these between requests).
 */
export const CLASSIFYING_FACT_TYPES: ReadonlySet<string> = new Set(['FactfindingReportIssued', 'FactfindingReportMadePublic', 'CorrectionRecorded']);

/**
 * The changes the facts make by themselves:
 * - a factfinding report (FactfindingReportIssued, recorded internal: delivered to the parties
 *   privately) is public from the day the report is made public (FactfindingReportMadePublic,
 *   as corrected), on that record's basis;
 * - a correction repeats (part of) what it corrects, so it follows every change of the corrected
 *   record, recorded or automatic (`recorded` are the ClassificationChanged of the negotiation).
 * Nothing else changes by itself: a costing, a strategy note or legal advice stays as recorded
 * (costs disclosed to the public are a new, public fact, not the costing workbook) until someone
 * records a change.
 */
export function automaticClassificationChanges(facts: readonly FactRecord[], recorded: readonly ClassificationChange[] = []): ClassificationChange[] {
  const corrections = facts.filter((f) => f.type === 'CorrectionRecorded');
  const derived: ClassificationChange[] = [];

  const streams = new Set(facts.map((f) => f.stream));
  for (const stream of streams) {
    const inStream = facts.filter((f) => f.stream === stream);
    const publications = inStream
      .filter((f) => f.type === 'FactfindingReportMadePublic')
      .map((f) => ({ fact: f, day: correctedDay(f, 'madePublicOn', corrections) }))
      .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
    const first = publications[0];
    if (!first) continue;
    for (const report of inStream.filter((f) => f.type === 'FactfindingReportIssued')) {
      if (report.classification.level === 'public' || correctedDay(report, 'issuedOn', corrections) > first.day) continue;
      derived.push({
        targetEventId: report.eventId,
        to: { level: 'public', basis: first.fact.classification.basis },
        effectiveOn: first.day,
        reason: `the factfinding report was made public on ${first.day}`,
        source: { kind: 'automatic', rule: 'factfinding-report-made-public', fact: first.fact.eventId },
      });
    }
  }

  const changed = [...recorded, ...derived];
  for (const correction of corrections) {
    const target = correction.data['correctedEventId'];
    for (const change of changed.filter((c) => c.targetEventId === target)) {
      derived.push({
        targetEventId: correction.eventId,
        to: change.to,
        effectiveOn: change.effectiveOn,
        reason: `follows the corrected record: ${change.reason}`,
        source: { kind: 'automatic', rule: 'correction-follows-corrected-record', fact: correction.eventId },
      });
    }
  }
  return derived;
}

/** Every record's classification on any day, from the facts and the recorded changes of one file. */
export interface ClassificationBook {
  /** All changes, recorded and automatic. */
  readonly changes: readonly ClassificationChange[];
  /** The record's classification on asOf (a day or an instant). Fits #records' EffectiveClassification. */
  classificationOf(record: ClassifiedRecord, asOf: string): ClassificationMark;
  historyOf(record: ClassifiedRecord): ClassificationStep[];
  /** The changes that concern one record. */
  changesOf(eventId: string): ClassificationChange[];
}

export function classificationBook(facts: readonly FactRecord[], recorded: readonly ClassificationChange[]): ClassificationBook {
  const changes = [...automaticClassificationChanges(facts, recorded), ...recorded];
  const byTarget = new Map<string, ClassificationChange[]>();
  for (const change of changes) byTarget.set(change.targetEventId, [...(byTarget.get(change.targetEventId) ?? []), change]);
  const changesOf = (eventId: string) => byTarget.get(eventId) ?? [];
  return {
    changes,
    classificationOf: (record, asOf) => effectiveClassification(record, changesOf(record.eventId), asOf),
    historyOf: (record) => classificationHistory(record, changesOf(record.eventId)),
    changesOf,
  };
}
