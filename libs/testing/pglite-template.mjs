// Jest's global setup: one initialised PGlite data directory for the whole run, so every new
// embedded store in the suite (in-process and in the API and CLI processes it starts) copies it
// instead of running initdb, which takes seconds per store on this machine. Kept in the system's
// temporary directory per PGlite version and reused by later runs.
import { existsSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';

export default async function preparePgliteTemplate() {
  if (process.env.PGLITE_TEMPLATE_DIR) return;
  const manifest = new URL('../../node_modules/@electric-sql/pglite/package.json', import.meta.url);
  const { version } = JSON.parse(readFileSync(manifest, 'utf8'));
  const root = join(tmpdir(), `lrr-pglite-template-${version}`);
  if (!existsSync(join(root, 'ready'))) {
    const building = mkdtempSync(join(tmpdir(), 'lrr-pglite-template-building-'));
    const db = await PGlite.create(join(building, 'data'));
    await db.close();
    writeFileSync(join(building, 'ready'), `PGlite ${version}\n`);
    rmSync(root, { recursive: true, force: true });
    try {
      renameSync(building, root);
    } catch (error) {
      // Another run finished its template first: use that one.
      rmSync(building, { recursive: true, force: true });
      if (!existsSync(join(root, 'ready'))) throw error;
    }
  }
  process.env.PGLITE_TEMPLATE_DIR = join(root, 'data');
}
