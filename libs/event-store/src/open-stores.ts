import { openPglite, openPostgres, type SqlClient } from '#sql';
import type { EventStore } from './event-store.port.js';
import { PostgresEventStore } from './postgres/postgres-event-store.js';

export interface StorageConfig {
  readonly eventStoreDbConnectionString?: string;
  readonly databaseUrl?: string;
  /** PostgreSQL as the event store's owner: migrations run as it; `databaseUrl`'s role only reads and appends. */
  readonly databaseOwnerUrl?: string;
  /** Embedded PGlite data directory; null keeps everything in memory (tests). */
  readonly dataDir: string | null;
  /** An initialised PGlite data directory copied in place of initdb (`PgliteOptions.template`). */
  readonly pgliteTemplate?: string;
}

export interface Stores {
  readonly events: EventStore;
  /** The SQL database read models live in (PostgreSQL or the embedded PGlite). */
  readonly sql: SqlClient;
  close(): Promise<void>;
}

/**
 * Chooses the adapters by configuration: EventStoreDB when its connection string is set (read
 * models then in PostgreSQL at DATABASE_URL), else PostgreSQL at DATABASE_URL, else embedded PGlite
 * in the data directory. With PGlite, events and read models share one instance: it has one connection.
 * With an owner URL, the event store is migrated as that role before the runtime role opens it.
 */
export async function openStores(config: StorageConfig): Promise<Stores> {
  if (config.eventStoreDbConnectionString) {
    if (!config.databaseUrl) throw new Error('EVENTSTORE_CONNECTION_STRING needs DATABASE_URL for the read models');
    const { EventStoreDbEventStore } = await import('./eventstoredb/eventstoredb-event-store.js');
    const sql = openPostgres(config.databaseUrl, { applicationName: 'lrr-read-models' });
    const events = await EventStoreDbEventStore.connect(config.eventStoreDbConnectionString);
    return { events, sql, close: async () => { await events.close(); await sql.close(); } };
  }
  const sql = config.databaseUrl ? openPostgres(config.databaseUrl) : await openPglite(config.dataDir, { ...(config.pgliteTemplate !== undefined && { template: config.pgliteTemplate }) });
  try {
    const ownerUrl = config.databaseUrl ? config.databaseOwnerUrl : undefined;
    if (ownerUrl) {
      const { rows } = await sql.query<{ role: string }>('SELECT current_user AS role');
      const owner = openPostgres(ownerUrl, { max: 1, applicationName: 'lrr-migrations' });
      try {
        await PostgresEventStore.migrateAsOwner(owner, rows[0]!.role);
      } finally {
        await owner.close();
      }
    }
    const events = await PostgresEventStore.open(sql, { migrate: !ownerUrl });
    return { events, sql, close: () => sql.close() };
  } catch (error) {
    await sql.close();
    throw error;
  }
}
