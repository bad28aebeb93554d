import { randomUUID } from 'node:crypto';
import { openPostgres, type SqlClient } from '#sql';
import { newEvent, uniqueStream } from '../contract/event-store.contract.js';
import { openStores } from '../open-stores.js';
import { PostgresEventStore } from './postgres-event-store.js';

/**
 * Issue 11, item 9: the processes run as a role that can read events and stream heads and append
 * only through lrr_append / lrr_append_batch (SECURITY DEFINER); migrations run as the owner. The
 * roles and a database owned by the owner role are made here with unique names and dropped after.
 */
const url = process.env.DATABASE_URL;

if (!url) {
  describe('least privilege on PostgreSQL', () => it.skip('skipped: DATABASE_URL is not set', () => undefined));
} else {
  describe('least privilege on PostgreSQL', () => {
    const suffix = randomUUID().slice(0, 8);
    const ownerRole = `lrr_owner_${suffix}`;
    const runtimeRole = `lrr_app_${suffix}`;
    const database = `lrr_roles_${suffix}`;
    const as = (role: string) => {
      const u = new URL(url);
      u.username = role;
      u.password = '';
      u.pathname = `/${database}`;
      return u.toString();
    };
    let admin: SqlClient;
    let runtime: SqlClient;

    beforeAll(async () => {
      admin = openPostgres(url, { max: 1 });
      await admin.exec(`CREATE ROLE ${ownerRole} LOGIN; CREATE ROLE ${runtimeRole} LOGIN`);
      await admin.exec(`CREATE DATABASE ${database} OWNER ${ownerRole}`);
      // What docs/database-roles.md asks of whoever sets the database up: the runtime role creates the read models' tables.
      const owner = openPostgres(as(ownerRole), { max: 1 });
      await owner.exec(`GRANT CREATE ON SCHEMA public TO ${runtimeRole}`);
      await owner.close();
      runtime = openPostgres(as(runtimeRole), { max: 2 });
    });

    afterAll(async () => {
      await runtime?.close();
      await admin.exec(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await admin.exec(`DROP ROLE IF EXISTS ${runtimeRole}; DROP ROLE IF EXISTS ${ownerRole}`);
      await admin.close();
    });

    it('a runtime role that may not migrate refuses a schema older than its code', async () => {
      await expect(PostgresEventStore.open(runtime, { migrate: false })).rejects.toThrow(/schema is at version 0 and this release needs \d+: its migrations run as the owner role \(DATABASE_OWNER_URL\)/);
    });

    it('the owner migrates; the runtime role appends and reads, and cannot UPDATE, DELETE, TRUNCATE or INSERT events or stream heads', async () => {
      const stores = await openStores({ databaseUrl: as(runtimeRole), databaseOwnerUrl: as(ownerRole), dataDir: null });
      try {
        const stream = uniqueStream();
        await stores.events.append(stream, [newEvent(), newEvent()], { expectedRevision: 'no_stream' });
        // Appends that arrive together go through lrr_append_batch.
        const together = await Promise.all(Array.from({ length: 6 }, () => stores.events.append(uniqueStream(), [newEvent()], { expectedRevision: 'no_stream' })));
        expect(together).toHaveLength(6);
        expect((await stores.events.readStream(stream)).map((e) => e.revision)).toEqual([0, 1]);
        // (How many it returns depends on transactions elsewhere on the server: only the commit-safe horizon is read.)
        await expect(stores.events.readAll({ maxCount: 100 })).resolves.toMatchObject({ events: expect.any(Array) });

        const denied = /permission denied/;
        for (const statement of [
          `UPDATE lrr_events SET type = 'Forged' WHERE stream = '${stream}'`,
          `DELETE FROM lrr_events WHERE stream = '${stream}'`,
          'TRUNCATE lrr_events',
          `INSERT INTO lrr_events (stream, category, revision, event_id, type, recorded_at, canonical, prev_hash, hash) VALUES ('x-1', 'x', 0, '${randomUUID()}', 'Forged', now(), '{}', repeat('0', 64), repeat('0', 64))`,
          `UPDATE lrr_streams SET revision = 0 WHERE stream = '${stream}'`,
          `DELETE FROM lrr_streams WHERE stream = '${stream}'`,
          'TRUNCATE lrr_streams',
          `INSERT INTO lrr_streams (stream, revision, head_hash) VALUES ('x-1', 5, repeat('0', 64))`,
        ]) {
          await expect(runtime.query(statement)).rejects.toThrow(denied);
        }
        expect((await stores.events.readStream(stream)).map((e) => e.revision)).toEqual([0, 1]);

        // The read models stay the runtime role's own: created, written and dropped by it.
        await runtime.exec('CREATE TABLE rm_probe (key text PRIMARY KEY); INSERT INTO rm_probe VALUES (1); DROP TABLE rm_probe');
        const { rows } = await runtime.query<{ owner: string }>(`SELECT tableowner AS owner FROM pg_tables WHERE tablename = 'lrr_events'`);
        expect(rows[0]!.owner).toBe(ownerRole);
      } finally {
        await stores.close();
      }
    });
  });
}
