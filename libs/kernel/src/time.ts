import type { BusinessTime } from './event.js';
import { DomainError } from './errors.js';

/**
 * The earliest instant a business time can stand for, for comparisons with system time.
 * A day-precision date is taken as that day's start in UTC.
 */
export function businessInstant(time: BusinessTime): string {
  return time.at.length === 10 ? `${time.at}T00:00:00.000Z` : new Date(time.at).toISOString();
}

/** The calendar day (YYYY-MM-DD, UTC) of an ISO date or instant. */
export function calendarDay(isoDateOrInstant: string): string {
  return isoDateOrInstant.length === 10 ? isoDateOrInstant : new Date(isoDateOrInstant).toISOString().slice(0, 10);
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
