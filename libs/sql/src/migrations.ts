import type { SqlClient } from './sql-client.js';

export interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: string;
}

/**
 * Applies the migrations not yet applied, in order, each in its own transaction, under an advisory
 * lock so two processes starting together do not race. `scope` separates the event store's
 * schema history from the read store's.
 */
export async function migrate(sql: SqlClient, scope: string, migrations: readonly Migration[]): Promise<number[]> {
  await sql.query(`CREATE TABLE IF NOT EXISTS lrr_schema_migrations (
    scope text NOT NULL, version integer NOT NULL, name text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now(), PRIMARY KEY (scope, version))`);
  const applied: number[] = [];
  for (const migration of [...migrations].sort((a, b) => a.version - b.version)) {
    const didApply = await sql.transaction(async (tx) => {
      await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`lrr-migrate-${scope}`]);
      const done = await tx.query('SELECT 1 FROM lrr_schema_migrations WHERE scope = $1 AND version = $2', [scope, migration.version]);
      if (done.rowCount > 0) return false;
      await tx.exec(migration.sql);
      await tx.query('INSERT INTO lrr_schema_migrations (scope, version, name) VALUES ($1, $2, $3)', [scope, migration.version, migration.name]);
      return true;
    });
    if (didApply) applied.push(migration.version);
  }
  return applied;
}
