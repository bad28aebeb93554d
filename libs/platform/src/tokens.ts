/**
 * Injection tokens for what the process hands the application; feature modules in libs/ inject
 * them (`@Inject(EVENT_STORE) events: EventStore`).
 */
export const EVENT_STORE = Symbol.for('lrr.EventStore');
/** The read-model database (PostgreSQL or embedded PGlite). */
export const SQL_CLIENT = Symbol.for('lrr.SqlClient');
/** System time. Tests replace it to record a scenario "as it was". */
export const CLOCK = Symbol.for('lrr.Clock');
export const APP_CONFIG = Symbol('AppConfig');
export const APP_LOGGER = Symbol('AppLogger');

export interface Clock {
  now(): Date;
}
export const systemClock: Clock = { now: () => new Date() };
