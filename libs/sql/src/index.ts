export type { SqlClient, SqlQueryable } from './sql-client.js';
export { openPostgres, pgIdentifier, quotedIdentifier, type PostgresOptions } from './pg-client.js';
export { createPgliteTemplate, openPglite, type PgliteOptions } from './pglite-client.js';
export { lockDataDirectory, DataDirectoryLocked } from './data-dir-lock.js';
export { migrate, type Migration } from './migrations.js';
export { StoreUnavailable, isStoreUnavailable, reconnectDelay } from './store-unavailable.js';
