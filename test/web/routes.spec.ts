import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

/*
 * The app's page paths never repeat an API path, so a browser reloading any page reaches the app
 * (the API's routes answer first; only paths no route answers fall back to the app). Read from the
 * router's source and the generated OpenAPI types, the two sides of the seam.
 */
const root = resolve(import.meta.dirname, '..', '..');
const router = readFileSync(join(root, 'apps/web/src/router.tsx'), 'utf8');
const openapi = readFileSync(join(root, 'apps/web/src/api/openapi.d.ts'), 'utf8');

const pagePaths = [...router.matchAll(/page\('([^']+)'/g)].map((m) => m[1]!);
const apiPaths = [...openapi.matchAll(/^ {4}"(\/[^"]*)": \{$/gm)].map((m) => m[1]!);

/** A path pattern as segments; `$x` (app) and `{x}` (API) are parameters. */
const segments = (path: string) => path.split('/').filter(Boolean);
const isParameter = (segment: string) => segment.startsWith('$') || segment.startsWith('{');

/** Whether some concrete URL could match both patterns (the router compares paths case-insensitively). */
function overlap(a: string, b: string): boolean {
  const x = segments(a);
  const y = segments(b);
  return x.length === y.length && x.every((s, i) => isParameter(s) || isParameter(y[i]!) || s.toLowerCase() === y[i]!.toLowerCase());
}

describe('the web app’s page paths', () => {
  it('are read from both sides', () => {
    expect(pagePaths.length).toBeGreaterThan(20);
    expect(apiPaths.length).toBeGreaterThan(50);
    expect(apiPaths).toContain('/negotiations/{negotiationId}');
  });

  it('never coincide with an API path', () => {
    const clashes = pagePaths.flatMap((page) => apiPaths.filter((api) => overlap(page, api)).map((api) => `${page} ↔ ${api}`));
    expect(clashes).toEqual([]);
  });

  it('leave /docs, /docs-json, /metrics and /health to the API', () => {
    for (const reserved of ['/docs', '/docs-json', '/metrics', '/health/live', '/health/ready']) expect(pagePaths.filter((page) => overlap(page, reserved))).toEqual([]);
  });
});
