/**
 * The API's contract, checked in: `npm run openapi` fetches the OpenAPI document the API serves at
 * /docs-json, writes it to openapi.json, and writes the web app's HTTP types generated from that
 * file (openapi-typescript) to apps/web/src/api/openapi.d.ts. One source: the served document.
 *   npm run openapi          both files, from the served document
 *   npm run web:api-types    the types alone, from the checked-in openapi.json
 *   npm run lint:api         the served document to dist/openapi.served.json, linted by Redocly and Spectral
 * test/openapi.int.spec.ts fails when openapi.json differs from the served document;
 * test/web/api-types.spec.ts when the types differ from what openapi.json generates.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import openapiTS, { COMMENT_HEADER, astToString } from 'openapi-typescript';
import { loadConfig } from '#config';
import { openStores } from '#event-store';
import { OPENAPI_JSON_PATH, createApp } from '#platform';
import { featureModules } from '../../apps/api/src/features.js';

/** The repository root, whether this runs from source (test/harness) or from the build (dist/test/harness). */
const ROOT = resolve(import.meta.dirname, import.meta.dirname.includes(`${sep}dist${sep}`) ? '../../..' : '../..');
export const OPENAPI_JSON = resolve(ROOT, 'openapi.json');
export const WEB_API_TYPES = resolve(ROOT, 'apps/web/src/api/openapi.d.ts');

/** The OpenAPI document as the API serves it at /docs-json (an in-memory store, no projector). */
export async function servedOpenApiDocument(): Promise<Record<string, unknown>> {
  // The suite's PGlite template, when it prepared one, spares the in-memory store an initdb.
  const config = loadConfig({ LOG_LEVEL: 'error', RUN_PROJECTOR: 'false', PGLITE_TEMPLATE_DIR: process.env.PGLITE_TEMPLATE_DIR });
  const stores = await openStores({ ...config.storage, dataDir: null });
  const app = await createApp({ config, stores, imports: featureModules(config), logger: { log() {}, error() {}, warn() {}, debug() {}, verbose() {} } });
  try {
    await app.listen(0, '127.0.0.1');
    const { port } = app.getHttpServer().address() as { port: number };
    return (await (await fetch(`http://127.0.0.1:${port}/${OPENAPI_JSON_PATH}`)).json()) as Record<string, unknown>;
  } finally {
    await app.close();
  }
}

/** The document as checked in: two-space JSON with a final newline. */
export const openApiJson = (document: Record<string, unknown>): string => `${JSON.stringify(document, null, 2)}\n`;

export async function checkedInOpenApiDocument(): Promise<Record<string, unknown>> {
  return JSON.parse(await readFile(OPENAPI_JSON, 'utf8')) as Record<string, unknown>;
}

/** TypeScript declarations for a document, as openapi-typescript writes them. */
export async function webApiTypes(document: Record<string, unknown>): Promise<string> {
  const ast = await openapiTS(document as never, { alphabetize: true, rootTypes: false });
  return `${COMMENT_HEADER}${astToString(ast)}`;
}

export async function checkedInWebApiTypes(): Promise<string> {
  return readFile(WEB_API_TYPES, 'utf8');
}

/** Compares two texts whole; on a difference, the first differing line says where. */
export function firstDifference(expected: string, actual: string) {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const same = line < 0 && a.length === b.length;
  const at = line < 0 ? Math.min(a.length, b.length) : line;
  return { firstDifferentLine: same ? null : at + 1, expected: same ? null : (a[at] ?? null), checkedIn: same ? null : (b[at] ?? null) };
}

async function main(args: readonly string[]): Promise<void> {
  if (args[0] === '--document-to' && args[1]) {
    // The served document alone, somewhere else (npm run lint:api lints it without touching the checked-in file).
    await writeFile(resolve(args[1]), openApiJson(await servedOpenApiDocument()));
    process.stdout.write(`wrote ${resolve(args[1])}\n`);
    return;
  }
  let document: Record<string, unknown>;
  if (args[0] === '--types-only') {
    document = await checkedInOpenApiDocument();
  } else {
    document = await servedOpenApiDocument();
    await writeFile(OPENAPI_JSON, openApiJson(document));
    process.stdout.write(`wrote ${OPENAPI_JSON}\n`);
  }
  await writeFile(WEB_API_TYPES, await webApiTypes(document));
  process.stdout.write(`wrote ${WEB_API_TYPES}\n`);
}

if (process.argv[1] && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`openapi: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  });
}
