import { InformationRequestErrorCode as E, refuse } from './errors.js';

/** A calendar day, YYYY-MM-DD. */
export type IsoDate = string;

/**
 * How long the employer has to respond. Per-unit configuration (ground rules, the agreement or the
 * office's practice), resolved by the application layer and passed in the receive command.
 */
export interface ResponsePolicy {
  readonly kind: 'calendar-days' | 'business-days';
  readonly days: number;
}

/**
 * The default when a unit configures nothing: 10 business days. No statute sets a deadline for a
 * request for information in bargaining (PERB asks for reasonable promptness, and found a six-week
 * unexplained delay unlawful); "ten (10) working days" is the usual contract and ground-rules term,
 * two working weeks leaves time to gather records, and unlike a count of calendar days it does not
 * shrink over holidays and recesses. (The 10 calendar days of the Public Records Act do not apply:
 * an information request is not a public-records request.)
 */
export const DEFAULT_RESPONSE_POLICY: ResponsePolicy = Object.freeze({ kind: 'business-days', days: 10 });

/** Saturdays and Sundays are never business days; `holidays` adds the office's closed days. */
export interface BusinessCalendar {
  readonly holidays: readonly IsoDate[];
}

export const WEEKENDS_ONLY: BusinessCalendar = Object.freeze({ holidays: Object.freeze([]) as readonly IsoDate[] });

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** A real calendar day written YYYY-MM-DD (2025-02-30 is not one). */
export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || !ISO_DATE.test(value)) return false;
  const time = Date.parse(`${value}T00:00:00Z`);
  return !Number.isNaN(time) && new Date(time).toISOString().slice(0, 10) === value;
}

export function assertIsoDate(value: unknown, field: string): asserts value is IsoDate {
  if (!isIsoDate(value)) throw refuse(E.INVALID_DATE, `${field} must be a calendar date YYYY-MM-DD, got ${JSON.stringify(value)}`, { field });
}

export function addCalendarDays(date: IsoDate, days: number): IsoDate {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

export function isWeekend(date: IsoDate): boolean {
  const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
  return weekday === 0 || weekday === 6;
}

export function isHoliday(date: IsoDate, calendar: BusinessCalendar): boolean {
  return calendar.holidays.includes(date);
}

export function isBusinessDay(date: IsoDate, calendar: BusinessCalendar): boolean {
  return !isWeekend(date) && !isHoliday(date, calendar);
}

/** The first business day on or after `date`. */
export function nextBusinessDayOnOrAfter(date: IsoDate, calendar: BusinessCalendar): IsoDate {
  let day = date;
  while (!isBusinessDay(day, calendar)) day = addCalendarDays(day, 1);
  return day;
}

/** Business days in (from, to]: the day counted from is excluded, the last day included. 0 when to ≤ from. */
export function businessDaysBetween(from: IsoDate, to: IsoDate, calendar: BusinessCalendar): number {
  const first = Date.parse(`${from}T00:00:00Z`) / DAY_MS + 1;
  const last = Date.parse(`${to}T00:00:00Z`) / DAY_MS;
  if (last < first) return 0;
  // Whole weeks hold five business days each; the days left over are counted one by one.
  const days = last - first + 1;
  let count = Math.floor(days / 7) * 5;
  for (let day = first + days - (days % 7); day <= last; day++) {
    const weekday = (((day + 4) % 7) + 7) % 7; // day 0, 1970-01-01, was a Thursday
    if (weekday !== 0 && weekday !== 6) count++;
  }
  for (const holiday of new Set(calendar.holidays)) if (holiday > from && holiday <= to && !isWeekend(holiday)) count--;
  return count;
}

export const MAX_POLICY_DAYS = 366;

export function assertResponsePolicy(policy: unknown): asserts policy is ResponsePolicy {
  const p = policy as Partial<ResponsePolicy> | null | undefined;
  const ok =
    p != null &&
    (p.kind === 'calendar-days' || p.kind === 'business-days') &&
    Number.isInteger(p.days) &&
    (p.days as number) >= 1 &&
    (p.days as number) <= MAX_POLICY_DAYS;
  if (!ok) {
    throw refuse(E.INVALID_RESPONSE_POLICY, `a response policy is {kind: 'calendar-days' | 'business-days', days: 1..${MAX_POLICY_DAYS}}, got ${JSON.stringify(policy)}`);
  }
}

export function assertBusinessCalendar(calendar: unknown): asserts calendar is BusinessCalendar {
  const c = calendar as Partial<BusinessCalendar> | null | undefined;
  if (c == null || !Array.isArray(c.holidays) || !c.holidays.every(isIsoDate)) {
    throw refuse(E.INVALID_BUSINESS_CALENDAR, 'a business calendar is {holidays: YYYY-MM-DD[]}');
  }
}

export interface ComputedDueDate {
  readonly dueOn: IsoDate;
  /** The configured holidays that moved the due date, so the event alone explains it. */
  readonly holidaysApplied: readonly IsoDate[];
}

/**
 * The response due date under a policy, counted as California counts time (Code Civ. Proc. §§12,
 * 12a; PERB Reg. 32130): the day of receipt is excluded.
 * - business-days: the Nth business day after receipt. A request received on a weekend or a
 *   holiday starts counting from the next business day.
 * - calendar-days: receipt + N days; when that day is a weekend or holiday, the next business day.
 */
export function computeDueDate(receivedOn: IsoDate, policy: ResponsePolicy, calendar: BusinessCalendar = WEEKENDS_ONLY): ComputedDueDate {
  assertIsoDate(receivedOn, 'receivedOn');
  assertResponsePolicy(policy);
  assertBusinessCalendar(calendar);
  let dueOn: IsoDate;
  if (policy.kind === 'business-days') {
    dueOn = receivedOn;
    for (let counted = 0; counted < policy.days; ) {
      dueOn = addCalendarDays(dueOn, 1);
      if (isBusinessDay(dueOn, calendar)) counted++;
    }
  } else {
    dueOn = nextBusinessDayOnOrAfter(addCalendarDays(receivedOn, policy.days), calendar);
  }
  const holidaysApplied = [...new Set(calendar.holidays)]
    .filter((day) => day > receivedOn && day <= dueOn && !isWeekend(day))
    .filter((day) => policy.kind === 'business-days' || day >= addCalendarDays(receivedOn, policy.days))
    .sort();
  return { dueOn, holidaysApplied };
}
