/**
 * The web app's HTTP types, generated from the OpenAPI document the API serves (openapi-typescript),
 * so the contract is the one seam between apps/web and the API. `npm run web:api-types` writes
 * apps/web/src/api/openapi.d.ts; test/web/api-types.int.spec.ts fails when the checked-in file differs.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import openapiTS, { COMMENT_HEADER, astToString } from 'openapi-typescript';
import { loadConfig } from '#config';
import { openStores } from '#event-store';
import { createApp } from '#platform';
import { featureModules } from '../../apps/api/src/features.js';

/** The repository root, whether this runs from source (test/harness) or from the build (dist/test/harness). */
const ROOT = resolve(import.meta.dirname, import.meta.dirname.includes(`${sep}dist${sep}`) ? '../../..' : '../..');
export const WEB_API_TYPES = resolve(ROOT, 'apps/web/src/api/openapi.d.ts');

/** The OpenAPI document as the API serves it at /docs-json (an in-memory store, no projector). */
export async function servedOpenApiDocument(): Promise<Record<string, unknown>> {
  const config = loadConfig({ LOG_LEVEL: 'error', RUN_PROJECTOR: 'false' });
  const stores = await openStores({ ...config.storage, dataDir: null });
  const app = await createApp({ config, stores, imports: featureModules(config), logger: { log() {}, error() {}, warn() {}, debug() {}, verbose() {} } });
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    return (await (await fetch(`http://127.0.0.1:${port}/docs-json`)).json()) as Record<string, unknown>;
  } finally {
    await app.close();
  }
}

/** TypeScript declarations for a document, as openapi-typescript writes them. */
export async function webApiTypes(document: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(document as never, { alphabetize: true, rootTypes: false });
  return `${COMMENT_HEADER}${astToString(ast)}`;
}

export async function checkedInWebApiTypes(): Promise<string> {
  return readFile(WEB_API_TYPES, 'utf8');
}

async function main(): Promise<void> {
  const text = await webApiTypes(await servedOpenApiDocument());
  await writeFile(WEB_API_TYPES, text);
  process.stdout.write(`wrote ${WEB_API_TYPES}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main().catch((error: unknown) => {
    process.stderr.write(`web-api-types: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
