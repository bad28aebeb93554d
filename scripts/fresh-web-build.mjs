/**
 * Builds apps/web into dist/web (vite build) when an input changed since the last successful build,
 * like scripts/fresh-build.mjs does for the API: `npm start` and `npm test` build the app only when
 * it is stale.
 *
 *   node scripts/fresh-web-build.mjs            build if anything changed
 *   node scripts/fresh-web-build.mjs --always   build (npm run build:web)
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const STAMP = join(root, 'dist', 'web', '.build-stamp');
/** The app's sources and the bundle verifier it shares with the CLI, its settings, the installed packages. */
const INPUTS = ['apps/web', 'libs/bundle-verifier', 'package.json', 'package-lock.json', 'node_modules/.package-lock.json'];

function newest(path) {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) return 0;
  let latest = stats.mtimeMs;
  if (stats.isDirectory()) for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

function upToDate() {
  const stamp = statSync(STAMP, { throwIfNoEntry: false });
  if (!stamp || !existsSync(join(root, 'dist', 'web', 'index.html'))) return false;
  return INPUTS.every((input) => newest(join(root, input)) < stamp.mtimeMs);
}

function build() {
  const started = new Date();
  const vite = join(dirname(createRequire(import.meta.url).resolve('vite/package.json')), 'bin', 'vite.js');
  const result = spawnSync(process.execPath, [vite, 'build', '--config', join(root, 'apps/web/vite.config.ts'), '--logLevel', 'warn'], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) return result.status ?? 1;
  mkdirSync(dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, `${started.toISOString()}\n`);
  utimesSync(STAMP, started, started);
  return 0;
}

process.exitCode = process.argv[2] === '--always' || !upToDate() ? build() : 0;
