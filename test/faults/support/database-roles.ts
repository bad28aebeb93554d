import { randomUUID } from 'node:crypto';
import { openPostgres } from '#sql';

/**
 * The roles docs/database-roles.md describes, made for one test with unique names on the server
 * DATABASE_URL names: an owner role owning a fresh database, and a runtime role that may create the
 * read models' tables there. `drop()` removes the database and both roles.
 */
export async function leastPrivilegeDatabase(baseUrl: string): Promise<{ ownerUrl: string; runtimeUrl: string; drop(): Promise<void> }> {
  const suffix = randomUUID().slice(0, 8);
  const owner = `lrr_owner_${suffix}`;
  const runtime = `lrr_app_${suffix}`;
  const database = `lrr_roles_${suffix}`;
  const url = (role: string) => {
    const u = new URL(baseUrl);
    u.username = role;
    u.password = '';
    u.pathname = `/${database}`;
    return u.toString();
  };
  const admin = openPostgres(baseUrl, { max: 1 });
  try {
    await admin.exec(`CREATE ROLE ${owner} LOGIN; CREATE ROLE ${runtime} LOGIN`);
    await admin.exec(`CREATE DATABASE ${database} OWNER ${owner}`);
  } finally {
    await admin.close();
  }
  const asOwner = openPostgres(url(owner), { max: 1 });
  try {
    await asOwner.exec(`GRANT CREATE ON SCHEMA public TO ${runtime}`);
  } finally {
    await asOwner.close();
  }
  return {
    ownerUrl: url(owner),
    runtimeUrl: url(runtime),
    async drop() {
      const again = openPostgres(baseUrl, { max: 1 });
      try {
        await again.exec(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
        await again.exec(`DROP ROLE IF EXISTS ${runtime}; DROP ROLE IF EXISTS ${owner}`);
      } finally {
        await again.close();
      }
    },
  };
}
