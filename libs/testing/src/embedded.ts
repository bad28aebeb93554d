import { type Stores, openStores } from '#event-store';
import { type PgliteOptions, type SqlClient, openPglite } from '#sql';

/**
 * The initialised PGlite data directory the suite's global setup prepared (PGLITE_TEMPLATE_DIR):
 * a new embedded store copies it instead of running initdb, which takes seconds per store.
 */
export function embeddedTemplate(): { readonly pgliteTemplate?: string } {
  const template = process.env.PGLITE_TEMPLATE_DIR;
  return template ? { pgliteTemplate: template } : {};
}

/** openPglite's options for a suite's store: the template, when the suite prepared one. */
export function pgliteOptions(): PgliteOptions {
  const { pgliteTemplate } = embeddedTemplate();
  return pgliteTemplate !== undefined ? { template: pgliteTemplate } : {};
}

/** A new embedded PGlite database that lives as long as the client. */
export const openEmbeddedSql = (): Promise<SqlClient> => openPglite(null, pgliteOptions());

/** New embedded stores (events and read models in one PGlite) that live as long as they are open. */
export const openEmbeddedStores = (): Promise<Stores> => openStores({ dataDir: null, ...embeddedTemplate() });

/**
 * The environment a suite starts from for the processes it starts (API, CLI) and the configurations
 * it loads: PATH, and the PGlite template so their new stores skip initdb too. Everything else the
 * suite sets explicitly.
 */
export function testEnvironment(): Record<string, string> {
  const { pgliteTemplate } = embeddedTemplate();
  return { PATH: process.env.PATH ?? '', ...(pgliteTemplate !== undefined && { PGLITE_TEMPLATE_DIR: pgliteTemplate }) };
}

/**
 * Opens the embedded stores in `dataDir` (a new one copies the suite's template), gives them to
 * `use` and closes them: for suites that fill a data directory the processes they start open next.
 */
export async function withEmbeddedStores<T>(dataDir: string, use: (stores: Stores) => Promise<T>): Promise<T> {
  const stores = await openStores({ dataDir, ...embeddedTemplate() });
  try {
    return await use(stores);
  } finally {
    await stores.close();
  }
}
