import type { IsoDate } from '../domain/due-dates.js';

/**
 * Overdue information requests per unit, for the unit dashboard: units with requests received by
 * asOf, each with how many were overdue that day (0 included). Counts only; no request content.
 */
export interface UnitOverdueRequests {
  overdueByUnit(asOf: IsoDate): Promise<Record<string, number>>;
}

/** A global symbol, so a dashboard can inject it without importing this context. */
export const UNIT_OVERDUE_REQUESTS = Symbol.for('lrr.UnitOverdueRequests');
