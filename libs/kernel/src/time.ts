import type { BusinessTime } from './event.js';
import { DomainError } from './errors.js';

/**
 * The earliest instant a business time can stand for, for comparisons with system time.
 * A day-precision date is taken as that day's start in UTC.
 */
export function businessInstant(time: BusinessTime): string {
  return time.at.length === 10 ? `${time.at}T00:00:00.000Z` : new Date(time.at).toISOString();
}

/**
 * The calendar day of an ISO date or instant, as written: an instant sent with its local offset
 * (2025-02-12T19:00:00-08:00, an evening board meeting) belongs to that local day, not to UTC's.
 */
export function calendarDay(isoDateOrInstant: string): string {
  if (/^\d{4}-\d{2}-\d{2}/.test(isoDateOrInstant)) return isoDateOrInstant.slice(0, 10);
  return new Date(isoDateOrInstant).toISOString().slice(0, 10);
}

/** True when the business time lies after `now` (system time). A day in the future is a whole day later. */
export function isInFuture(time: BusinessTime, now: string): boolean {
  if (time.at.length === 10) return time.at > calendarDay(now);
  return new Date(time.at).getTime() > new Date(now).getTime();
}

/** Whole days from a to b (calendar days, UTC); negative when b is before a. */
export function daysBetween(a: string, b: string): number {
  const ms = Date.parse(`${calendarDay(b)}T00:00:00Z`) - Date.parse(`${calendarDay(a)}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}

/** DOMAIN.md: an occurredAt in the future is structurally impossible. Shared by every decider. */
export function assertOccurredNotInFuture(metadata: { occurredAt: BusinessTime; now: string }): void {
  if (isInFuture(metadata.occurredAt, metadata.now)) {
    throw new DomainError('OCCURRED_AT_IN_FUTURE', `occurredAt ${metadata.occurredAt.at} is after the time of recording ${metadata.now}`, 'rule');
  }
}
