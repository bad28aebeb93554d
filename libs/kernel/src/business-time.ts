import type { BusinessTime, OccurredAtPrecision } from './event.js';
import { DomainError } from './errors.js';
import { calendarDay, daysBetween } from './time.js';

/*
 * Business time as records give it. A fact may be known to the instant or the day, or only as
 * "about" a day, a month, a year, a range (between two days) or a bound (on or after, on or before
 * a day). Every question asked of a business time (the day it is filed under, whether it lies
 * before another, how late it was recorded, how to say it) is answered here, once.
 *
 * `approximate` ("about 3 March 2009") is filed and compared at the day given, as it always was:
 * the record says it is approximate; no window around it is invented.
 */

/** A calendar day, YYYY-MM-DD. */
type IsoDate = string;

const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
const YEAR = /^\d{4}$/;

// Year 0000 does not exist in the calendar the record keeps (1 BC is followed by AD 1).
const inYearOneOrLater = (value: string): boolean => !value.startsWith('0000');
const isRealDate = (value: string): boolean => DATE.test(value) && inYearOneOrLater(value) && new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) === value;
const isRealDateOrInstant = (value: string): boolean => DATE_OR_INSTANT.test(value) && isRealDate(value.slice(0, 10)) && !Number.isNaN(Date.parse(value));

/** What `at` must look like for each precision, as said in a refusal. */
const AT_FORMS: Readonly<Record<OccurredAtPrecision, { readonly test: (at: string) => boolean; readonly form: string }>> = {
  instant: { test: isRealDateOrInstant, form: 'a date (YYYY-MM-DD) or an ISO 8601 instant with a time zone' },
  day: { test: isRealDateOrInstant, form: 'a date (YYYY-MM-DD) or an ISO 8601 instant with a time zone' },
  approximate: { test: isRealDateOrInstant, form: 'a date (YYYY-MM-DD) or an ISO 8601 instant with a time zone' },
  month: { test: (at) => MONTH.test(at) && inYearOneOrLater(at), form: 'a month (YYYY-MM)' },
  year: { test: (at) => YEAR.test(at) && inYearOneOrLater(at), form: 'a year (YYYY)' },
  'on-or-after': { test: isRealDate, form: 'a date (YYYY-MM-DD)' },
  'on-or-before': { test: isRealDate, form: 'a date (YYYY-MM-DD)' },
  between: { test: isRealDate, form: 'the first possible date (YYYY-MM-DD)' },
};

export interface BusinessTimeProblem {
  /** The field at fault, relative to the business time: `at`, `precision` or `until`. */
  readonly field: 'at' | 'precision' | 'until';
  readonly message: string;
}

/** Why a value is not a well-formed business time, naming the field at fault; null when it is one. */
export function businessTimeProblem(value: unknown): BusinessTimeProblem | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { field: 'at', message: 'must be { at, precision } (and until for between)' };
  const { at, precision, until } = value as Record<string, unknown>;
  if (typeof precision !== 'string' || !Object.hasOwn(AT_FORMS, precision)) {
    return { field: 'precision', message: `precision must be one of ${Object.keys(AT_FORMS).join(', ')}` };
  }
  const shape = AT_FORMS[precision as OccurredAtPrecision];
  if (typeof at !== 'string' || !shape.test(at)) return { field: 'at', message: `at must be ${shape.form} for precision ${precision}` };
  if (precision === 'between') {
    if (typeof until !== 'string' || !isRealDate(until)) return { field: 'until', message: 'until must be the last possible date (YYYY-MM-DD) for precision between' };
    if (until <= at) return { field: 'until', message: `until (${until}) must be after at (${at})` };
  } else if (until !== undefined) {
    return { field: 'until', message: `until is given only with precision between, not ${precision}` };
  }
  return null;
}

export const isWellFormedBusinessTime = (value: unknown): value is BusinessTime => businessTimeProblem(value) === null;

/** The business time as stored: `until` only where it belongs, so earlier envelopes hash as before. */
export function businessTimeOf(time: BusinessTime): BusinessTime {
  return time.until === undefined ? { at: time.at, precision: time.precision } : { at: time.at, precision: time.precision, until: time.until };
}

function lastDayOfMonth(month: string): IsoDate {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, m, 0)).toISOString().slice(0, 10);
}

/** The days it may have happened on, first and last inclusive; null where the record sets no bound. */
export interface PossibleDays {
  readonly from: IsoDate | null;
  readonly to: IsoDate | null;
}

export function possibleDays(time: BusinessTime | IsoDate): PossibleDays {
  if (typeof time === 'string') return { from: calendarDay(time), to: calendarDay(time) };
  switch (time.precision) {
    case 'month':
      return { from: `${time.at}-01`, to: lastDayOfMonth(time.at) };
    case 'year':
      return { from: `${time.at}-01-01`, to: `${time.at}-12-31` };
    case 'on-or-after':
      return { from: time.at, to: null };
    case 'on-or-before':
      return { from: null, to: time.at };
    case 'between':
      return { from: time.at, to: time.until ?? time.at };
    default:
      return { from: calendarDay(time.at), to: calendarDay(time.at) };
  }
}

/** The earliest day it may have happened on; null for "on or before" a day. */
export const earliestPossibleDay = (time: BusinessTime | IsoDate): IsoDate | null => possibleDays(time).from;

/** The latest day it may have happened on; null for "on or after" a day. */
export const latestPossibleDay = (time: BusinessTime | IsoDate): IsoDate | null => possibleDays(time).to;

/** Known to the instant or the day (an approximate day, a month, a range or a bound is not). */
export const isCertainToTheDay = (time: BusinessTime): boolean => time.precision === 'instant' || time.precision === 'day';

/**
 * The day a fact is filed under, where it sorts and which its own day field holds: its day when
 * certain, else its earliest possible day, or for "on or before" a day (no earliest) that day.
 */
export function businessDayOf(time: BusinessTime): IsoDate {
  const { from, to } = possibleDays(time);
  return (from ?? to)!;
}

/**
 * The instant a business time sorts at, for ordering and comparison with system time: an instant
 * as itself (in UTC), anything else at the start (UTC) of the day it is filed under.
 */
export function businessInstant(time: BusinessTime): string {
  if ((time.precision === 'instant' || time.precision === 'day' || time.precision === 'approximate') && time.at.length > 10) return new Date(time.at).toISOString();
  return `${businessDayOf(time)}T00:00:00.000Z`;
}

/** Orders business times by the instant they sort at (earliest possible day); 0 when they sort together. */
export function compareBusinessTimes(a: BusinessTime, b: BusinessTime): number {
  const x = businessInstant(a);
  const y = businessInstant(b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export type DayOrder = 'before' | 'same-day' | 'after' | 'cannot-tell';

/** Whether a lies certainly before, on the same day as, or after b, to the day; `cannot-tell` when their possible days overlap. */
export function compareDays(a: BusinessTime | IsoDate, b: BusinessTime | IsoDate): DayOrder {
  const x = possibleDays(a);
  const y = possibleDays(b);
  if (x.to !== null && y.from !== null && x.to < y.from) return 'before';
  if (x.from !== null && y.to !== null && x.from > y.to) return 'after';
  if (x.from !== null && x.from === x.to && y.from === x.from && y.to === x.to) return 'same-day';
  return 'cannot-tell';
}

/** The fewest and most whole days that may lie from a to b (negative when b may be before a); null where unbounded. */
export function elapsedDays(a: BusinessTime | IsoDate, b: BusinessTime | IsoDate): { readonly min: number | null; readonly max: number | null } {
  const x = possibleDays(a);
  const y = possibleDays(b);
  return {
    min: x.to === null || y.from === null ? null : daysBetween(x.to, y.from),
    max: x.from === null || y.to === null ? null : daysBetween(x.from, y.to),
  };
}

/**
 * How many days after the fact it was recorded, counted from its latest possible day: a fact known
 * only as "2008" and recorded in 2026 is years late, whatever day of 2008 it was. A fact "on or
 * after" a day may have happened on the day it was recorded, so it counts no days.
 */
export function daysRecordedAfter(time: BusinessTime, recordedAt: string): number {
  const last = latestPossibleDay(time);
  return last === null ? 0 : Math.max(0, daysBetween(last, recordedAt));
}

/** True when the business time certainly lies after `now` (system time): its earliest possible moment is later. */
export function isInFuture(time: BusinessTime, now: string): boolean {
  if (time.at.length > 10) return new Date(time.at).getTime() > new Date(now).getTime();
  const first = earliestPossibleDay(time);
  return first !== null && first > calendarDay(now);
}

/** DOMAIN.md: an occurredAt in the future is structurally impossible. Shared by every decider. */
export function assertOccurredNotInFuture(metadata: { occurredAt: BusinessTime; now: string }): void {
  if (isInFuture(metadata.occurredAt, metadata.now)) {
    throw new DomainError('OCCURRED_AT_IN_FUTURE', `occurredAt ${businessTimeText(metadata.occurredAt)} is after the time of recording ${metadata.now}`, 'rule');
  }
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

const monthName = (day: IsoDate): string => MONTHS[Number(day.slice(5, 7)) - 1]!;
const dayMonthYear = (day: IsoDate): string => `${Number(day.slice(8, 10))} ${monthName(day)} ${day.slice(0, 4)}`;

function range(from: IsoDate, to: IsoDate): string {
  if (from.slice(0, 7) === to.slice(0, 7)) return `between ${Number(from.slice(8, 10))} and ${dayMonthYear(to)}`;
  if (from.slice(0, 4) === to.slice(0, 4)) return `between ${Number(from.slice(8, 10))} ${monthName(from)} and ${dayMonthYear(to)}`;
  return `between ${dayMonthYear(from)} and ${dayMonthYear(to)}`;
}

/**
 * The business time as the record knows it, in words: "3 March 2009", "about 3 March 2009",
 * "February 2008", "2008", "on or after 16 April 2010", "between 1 and 15 May 2011". An instant
 * is given as recorded (with its offset): a reader's time zone is the display's business.
 */
export function describeBusinessTime(time: BusinessTime): string {
  switch (time.precision) {
    case 'instant':
      return time.at;
    case 'day':
      return dayMonthYear(calendarDay(time.at));
    case 'approximate':
      return `about ${dayMonthYear(calendarDay(time.at))}`;
    case 'month':
      return `${monthName(`${time.at}-01`)} ${time.at.slice(0, 4)}`;
    case 'year':
      return time.at;
    case 'on-or-after':
      return `on or after ${dayMonthYear(time.at)}`;
    case 'on-or-before':
      return `on or before ${dayMonthYear(time.at)}`;
    case 'between':
      return range(time.at, time.until ?? time.at);
  }
}

/**
 * The reason a rule gives when it cannot decide because a date is not known to the day:
 * "the session's date is known only as February 2008".
 */
export const knownOnlyAs = (what: string, time: BusinessTime): string => `${what} is known only as ${describeBusinessTime(time)}`;

/** Given as a date or an instant (instant, day, approximate); a month, a year, a range or a bound is not. */
export const isWrittenAsADate = (time: Pick<BusinessTime, 'precision'>): boolean => time.precision === 'instant' || time.precision === 'day' || time.precision === 'approximate';

/** A business time as registers and messages show it: a date or an instant as written, anything else in words ("February 2008"). */
export const businessTimeText = (time: BusinessTime): string => (isWrittenAsADate(time) ? time.at : describeBusinessTime(time));

/** A date for a message: its ISO day when certain to the day, else as known ("February 2008"). */
export const dayAsKnown = (time: BusinessTime): string => (isCertainToTheDay(time) ? calendarDay(time.at) : describeBusinessTime(time));
