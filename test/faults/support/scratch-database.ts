import { randomUUID } from 'node:crypto';
import { openPostgres } from '#sql';

/**
 * A database of the test's own on the server DATABASE_URL names, dropped afterwards: for tests that
 * store events no other test may meet (every projection reads its whole category).
 */
export async function scratchDatabase(baseUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const base = new URL(baseUrl);
  const name = `${base.pathname.slice(1).replace(/[^a-z0-9_]/g, '_')}_f${randomUUID().slice(0, 8)}`;
  const admin = openPostgres(baseUrl, { max: 1 });
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.close();
  }
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const again = openPostgres(baseUrl, { max: 1 });
      try {
        await again.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await again.close();
      }
    },
  };
}
