/**
 * Injection tokens for what the process hands the application. The store tokens live in #http so
 * feature modules under libs/ can inject them (`@Inject(EVENT_STORE) events: EventStore`).
 */
export { EVENT_STORE, SQL_CLIENT, CLOCK } from '#http';
export const APP_CONFIG = Symbol('AppConfig');
export const APP_LOGGER = Symbol('AppLogger');
