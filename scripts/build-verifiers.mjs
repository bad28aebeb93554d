/**
 * Builds the two standalone verifiers from the one verifier (libs/bundle-verifier) and the verify
 * command that runs it (apps/cli/src/commands/verify.command.ts), with rolldown (Vite's bundler):
 *
 *   verify-bundle.mjs  one Node file that imports only node: builtins (apps/cli/src/standalone/verify-bundle.ts)
 *   verify.html        one page with its script and style inline (apps/web/src/standalone/)
 *
 * They are checked in, in libs/bundle-verifier/standalone/, rather than built by `npm run build`:
 * they are handed to people outside the office with every export, so the bytes shipped are the
 * bytes reviewed in the repository (and can be published with their SHA-256), the same on every
 * machine whatever its toolchain, and an export or the image needs no bundler. A test rebuilds
 * them and fails when the checked-in files differ (libs/records/test/standalone-verifiers.spec.ts).
 *
 *   node scripts/build-verifiers.mjs          rebuild the checked-in files
 *   node scripts/build-verifiers.mjs --check  exit 1 when they are stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rolldown } from 'rolldown';

const root = fileURLToPath(new URL('..', import.meta.url));
export const VERIFIER_DIR = join(root, 'libs', 'bundle-verifier', 'standalone');
const NODE_ENTRY = join(root, 'apps', 'cli', 'src', 'standalone', 'verify-bundle.ts');
const PAGE_ENTRY = join(root, 'apps', 'web', 'src', 'standalone', 'verify-page.ts');
const PAGE_TEMPLATE = join(root, 'apps', 'web', 'src', 'standalone', 'verify.html');

const version = () => JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version;

async function bundle(input, platform, format) {
  const build = await rolldown({
    input,
    platform,
    cwd: root,
    logLevel: 'warn',
    // The sources' package imports (#bundle-verifier) point at the TypeScript under the `source` condition.
    resolve: { conditionNames: ['source', 'import', 'default'], extensionAlias: { '.js': ['.ts', '.js'] } },
    external: platform === 'node' ? [/^node:/] : [],
    transform: { target: 'es2022' },
  });
  try {
    const { output } = await build.generate({ format, codeSplitting: false, comments: { legal: true, annotation: false, jsdoc: true } });
    if (output.length !== 1) throw new Error(`${input}: expected one chunk, got ${output.length}`);
    return output[0].code;
  } finally {
    await build.close();
  }
}

/** The two files, as text: { 'verify-bundle.mjs': …, 'verify.html': … }. */
export async function buildVerifiers() {
  const canonicalize = JSON.parse(readFileSync(join(root, 'node_modules', 'canonicalize', 'package.json'), 'utf8'));
  const header = `labor-relations-record ${version()}: the lrr-bundle/1 verifier, built by scripts/build-verifiers.mjs from libs/bundle-verifier. Do not edit: rebuild. Includes canonicalize ${canonicalize.version} (RFC 8785 JSON canonicalization, ${canonicalize.license} licensed, by Samuel Erdtman).`;
  const node = await bundle(NODE_ENTRY, 'node', 'esm');
  const script = await bundle(PAGE_ENTRY, 'browser', 'iife');
  // Inside <script>, "</script" would end the element early; "<!--" would change how it is parsed.
  const inline = script.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
  const template = readFileSync(PAGE_TEMPLATE, 'utf8');
  if (!template.includes('/*__VERIFIER_SCRIPT__*/')) throw new Error(`${PAGE_TEMPLATE} has no script placeholder`);
  const html = template
    .replace('<!doctype html>\n', `<!doctype html>\n<!-- ${header} -->\n`)
    .replace('__VERSION__', version())
    .replace('/*__VERIFIER_SCRIPT__*/', () => `\n${inline.trim()}\n`);
  return {
    'verify-bundle.mjs': `#!/usr/bin/env node\n// ${header}\n// Usage: node verify-bundle.mjs <bundle.json> [--trusted-key <public-key.pem>]... [--json]\n${node}`,
    'verify.html': html,
  };
}

const runDirectly = process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (runDirectly) {
  const files = await buildVerifiers();
  const check = process.argv.includes('--check');
  let stale = 0;
  for (const [name, text] of Object.entries(files)) {
    const path = join(VERIFIER_DIR, name);
    let current = null;
    try {
      current = readFileSync(path, 'utf8');
    } catch {
      current = null;
    }
    if (current === text) continue;
    if (check) {
      stale += 1;
      process.stderr.write(`${path} is stale: run node scripts/build-verifiers.mjs\n`);
    } else {
      writeFileSync(path, text, { mode: name.endsWith('.mjs') ? 0o755 : 0o644 });
      process.stdout.write(`wrote ${path} (${text.length} characters)\n`);
    }
  }
  process.exitCode = stale > 0 ? 1 : 0;
}
