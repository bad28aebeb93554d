import type { IsoDate } from './due-dates.js';
import type { ObjectionGround } from './events.js';
import { type RequestItem, type RequestRecord, dueOnAsOf } from './state.js';

/*
 * Readings of the record shared by the decider's warnings and the clocks. They compare business
 * days only, and never depend on the order in which facts were recorded (late entries are normal).
 */

export const LATE_OBJECTION_REASONS = ['after-due-date', 'after-first-production-on-item', 'after-first-production-on-request'] as const;
export type LateObjectionReason = (typeof LATE_OBJECTION_REASONS)[number];

/**
 * Objections not raised promptly are waived. An objection is late when it is dated after the due
 * date in effect that day, or after something was already produced on the same item or on the
 * request (the first response should carry every objection). The same day is not late.
 */
export function lateObjectionReasons(record: RequestRecord, itemNumber: number, objectedOn: IsoDate): LateObjectionReason[] {
  const reasons: LateObjectionReason[] = [];
  if (objectedOn > dueOnAsOf(record, objectedOn)) reasons.push('after-due-date');
  const producedEarlier = (item: RequestItem) => item.productions.some((p) => p.producedOn < objectedOn);
  if (record.items.some((item) => item.number === itemNumber && producedEarlier(item))) reasons.push('after-first-production-on-item');
  if (record.items.some(producedEarlier)) reasons.push('after-first-production-on-request');
  return reasons;
}

/** Grounds on which the duty to bargain calls for an offer to bargain an accommodation. */
export const GROUNDS_CALLING_FOR_ACCOMMODATION: readonly ObjectionGround[] = ['third-party-privacy', 'overbroad', 'unduly-burdensome'];

export function earliestDay(days: Iterable<IsoDate>): IsoDate | null {
  let first: IsoDate | null = null;
  for (const day of days) if (first === null || day < first) first = day;
  return first;
}

/**
 * The day an item was answered by that day: its first complete production, objection or
 * explanation (an objection is an answer, whether or not it is sound or timely; so is an
 * explanation that the information does not exist or was already produced). Null while it is still owed.
 */
export function itemResolvedOn(item: RequestItem, asOf: IsoDate): IsoDate | null {
  return earliestDay([
    ...item.productions.filter((p) => p.completeness === 'complete' && p.producedOn <= asOf).map((p) => p.producedOn),
    ...item.objections.filter((o) => o.objectedOn <= asOf).map((o) => o.objectedOn),
    ...item.explanations.filter((e) => e.explainedOn <= asOf).map((e) => e.explainedOn),
  ]);
}

/** The day every item had been answered, or null if some item was still owed on asOf. */
export function respondedInFullOn(record: RequestRecord, asOf: IsoDate): IsoDate | null {
  let last: IsoDate | null = null;
  for (const item of record.items) {
    const resolved = itemResolvedOn(item, asOf);
    if (resolved === null) return null;
    if (last === null || resolved > last) last = resolved;
  }
  return last;
}
