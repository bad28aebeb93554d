/**
 * The calendar day of an ISO date or instant, as written: an instant sent with its local offset
 * (2025-02-12T19:00:00-08:00, an evening board meeting) belongs to that local day, not to UTC's.
 */
export function calendarDay(isoDateOrInstant: string): string {
  if (/^\d{4}-\d{2}-\d{2}/.test(isoDateOrInstant)) return isoDateOrInstant.slice(0, 10);
  return new Date(isoDateOrInstant).toISOString().slice(0, 10);
}

/** Whole days from a to b (calendar days, UTC); negative when b is before a. */
export function daysBetween(a: string, b: string): number {
  const ms = Date.parse(`${calendarDay(b)}T00:00:00Z`) - Date.parse(`${calendarDay(a)}T00:00:00Z`);
  return Math.round(ms / 86_400_000);
}
