/**
 * Compiles the apps and libraries into dist/ (tsc -p tsconfig.build.json, incremental) when an
 * input changed since the last successful build.
 *
 *   node scripts/fresh-build.mjs            compile if anything changed (npm start, npm test)
 *   node scripts/fresh-build.mjs --always   compile (npm run build)
 *   node --import=./scripts/fresh-build.mjs dist/apps/cli/src/main.js ...
 *                                           compile if anything changed, then run the program
 *
 * tsc's own up-to-date check reads every source file and takes seconds when nothing changed; this
 * one compares modification times with the stamp the last successful build left, in milliseconds,
 * so `npm run token` and `npm run cli` start at once. A directory's time changes when a file in it
 * is added, removed or renamed, so a deletion counts as a change too.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const STAMP = join(root, 'dist', '.build-stamp');
/** What the compiled output depends on: the sources tsconfig.build.json includes, the compiler settings, the installed packages. */
const INPUTS = ['apps', 'libs', 'test/bench', 'test/harness', 'tsconfig.json', 'tsconfig.build.json', 'package.json', 'package-lock.json', 'node_modules/.package-lock.json'];

/** The latest modification time under `path` (files and directories), 0 when it does not exist. */
function newest(path) {
  const stats = statSync(path, { throwIfNoEntry: false });
  if (!stats) return 0;
  let latest = stats.mtimeMs;
  if (stats.isDirectory()) for (const entry of readdirSync(path)) latest = Math.max(latest, newest(join(path, entry)));
  return latest;
}

/** True when the last successful build started after every input last changed (and the program it is to run exists). */
function upToDate(program) {
  const stamp = statSync(STAMP, { throwIfNoEntry: false });
  if (!stamp || (program && !existsSync(program))) return false;
  return INPUTS.every((input) => newest(join(root, input)) < stamp.mtimeMs);
}

/** Runs tsc; on success, stamps the time the build started, so an edit made while it ran counts as a change. */
function build() {
  const started = new Date();
  const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
  const result = spawnSync(process.execPath, [tsc, '-p', join(root, 'tsconfig.build.json')], { cwd: root, stdio: ['ignore', 'inherit', 'inherit'] });
  if (result.status !== 0) return result.status ?? 1;
  mkdirSync(dirname(STAMP), { recursive: true });
  writeFileSync(STAMP, `${started.toISOString()}\n`);
  utimesSync(STAMP, started, started);
  return 0;
}

const runDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (runDirectly) {
  const always = process.argv[2] === '--always';
  process.exitCode = always || !upToDate() ? build() : 0;
} else if (!upToDate(process.argv[1] && resolve(process.argv[1]))) {
  // Loaded with --import before a program in dist/: the program must not run on stale or failed output.
  const status = build();
  if (status !== 0) process.exit(status);
}
