#!/usr/bin/env node
// Builds the production image's file set without Docker: copies exactly what the Dockerfile's build
// stage COPYs (minus what .dockerignore keeps out of the context) into a temporary directory, runs
// the stage's compile command there, and checks that every entry point the image and the compose
// file start was produced. A file the build needs but the image does not copy fails here, not in
// `docker compose up --build`. Usage: node .ci/check-image-build.mjs [--keep]
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** The Dockerfile's instructions, stage by stage (continuation lines joined, comments dropped). */
export function parseDockerfile(text) {
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const stages = [];
  const args = {};
  for (const line of lines) {
    const [instruction, ...rest] = line.split(/\s+/);
    const value = rest.join(' ');
    const upper = instruction.toUpperCase();
    if (upper === 'ARG' && stages.length === 0) {
      const [name, def] = value.split('=');
      args[name] = def;
      continue;
    }
    if (upper === 'FROM') {
      const match = /^(\S+)(?:\s+AS\s+(\S+))?$/i.exec(value);
      const image = match[1].replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => args[a ?? b] ?? '');
      stages.push({ image, name: match[2] ?? null, instructions: [] });
      continue;
    }
    stages.at(-1)?.instructions.push({ instruction: upper, value });
  }
  return { args, stages };
}

/** A COPY's sources and destination; null for `COPY --from=…` (copies between stages). */
export function copyOf(value) {
  const words = value.split(/\s+/);
  if (words.some((w) => w.startsWith('--from='))) return null;
  const paths = words.filter((w) => !w.startsWith('--'));
  return { sources: paths.slice(0, -1), destination: paths.at(-1) };
}

/** .dockerignore patterns as tests on context-relative paths (root-relative, `**` for any depth). */
function ignoreMatcher(text) {
  const patterns = text.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));
  const regexes = patterns.map((p) => {
    const body = p.replace(/^\/+/, '').replace(/\/+$/, '').split('/').map((part) => (part === '**' ? '(?:.*/)?' : `${part.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}/`)).join('');
    return new RegExp(`^${body.replace(/\/$/, '')}(?:/.*)?$`);
  });
  return (path) => regexes.some((r) => r.test(path));
}

export function checkImageBuild({ keep = false, log = (line) => process.stdout.write(`${line}\n`) } = {}) {
  const dockerfile = parseDockerfile(readFileSync(join(root, 'Dockerfile'), 'utf8'));
  const build = dockerfile.stages[0];
  const ignored = ignoreMatcher(existsSync(join(root, '.dockerignore')) ? readFileSync(join(root, '.dockerignore'), 'utf8') : '');
  const dir = mkdtempSync(join(tmpdir(), 'lrr-image-'));
  const workdir = build.instructions.find((i) => i.instruction === 'WORKDIR')?.value ?? '/';
  try {
    const copied = [];
    for (const { instruction, value } of build.instructions) {
      if (instruction !== 'COPY') continue;
      const copy = copyOf(value);
      if (!copy) continue;
      const into = copy.destination.startsWith('/') ? join(dir, relative(workdir, copy.destination)) : join(dir, copy.destination);
      for (const source of copy.sources) {
        const from = join(root, source);
        if (!existsSync(from)) throw new Error(`Dockerfile copies ${source}, which does not exist`);
        if (ignored(source)) throw new Error(`Dockerfile copies ${source}, which .dockerignore keeps out of the build context`);
        const target = copy.sources.length > 1 || copy.destination.endsWith('/') ? join(into, source.split('/').at(-1)) : into;
        cpSync(from, target, { recursive: true, filter: (path) => !ignored(relative(root, path).split(sep).join('/')) });
        copied.push(source);
      }
    }
    // `npm ci` from the copied lockfile installs what this checkout has installed from the same lockfile.
    symlinkSync(join(root, 'node_modules'), join(dir, 'node_modules'), 'dir');
    const scripts = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts ?? {};
    const runs = build.instructions.filter((i) => i.instruction === 'RUN').map((i) => i.value.replace(/npm run (\S+)/g, (_, name) => scripts[name] ?? ''));
    const compile = runs.find((v) => /\btsc\b/.test(v));
    if (!compile) throw new Error('the build stage runs no TypeScript compile (tsc)');
    const tsconfig = /tsc\s+-p\s+(\S+)/.exec(compile)?.[1];
    if (!tsconfig) throw new Error(`the build stage's compile does not name its tsconfig: ${compile}`);
    log(`image build set: ${copied.join(', ')}; compiling with ${tsconfig} in ${dir}`);
    execFileSync(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', tsconfig], { cwd: dir, stdio: 'inherit' });
    const webBuild = runs.find((v) => /\bvite build\b/.test(v));
    if (webBuild) {
      const config = /--config\s+(\S+)/.exec(webBuild)?.[1];
      if (!config) throw new Error(`the build stage's web build does not name its config: ${webBuild}`);
      log(`building the web app with ${config}`);
      const vite = join(root, 'node_modules', 'vite', 'bin', 'vite.js');
      execFileSync(process.execPath, [vite, 'build', '--config', config, '--logLevel', 'warn'], { cwd: dir, stdio: 'inherit' });
    }
    const entries = ['dist/apps/api/src/main.js', 'dist/apps/projector/src/main.js', 'dist/apps/cli/src/main.js', ...(webBuild ? ['dist/web/index.html'] : [])];
    const missing = entries.filter((e) => !existsSync(join(dir, e)) || !statSync(join(dir, e)).isFile());
    if (missing.length > 0) throw new Error(`the image build did not produce ${missing.join(', ')}`);
    log(`image build set compiles; entry points present: ${entries.join(', ')}`);
    return { dir, copied, entries };
  } finally {
    if (!keep) rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    checkImageBuild({ keep: process.argv.includes('--keep') });
  } catch (error) {
    process.stderr.write(`image build check failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  }
}
