import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The two standalone verifiers shipped with every exported file set and served by the API:
 * verify.html (a page that verifies a bundle in a browser, with WebCrypto, making no request) and
 * verify-bundle.mjs (a Node script importing only node: builtins). Both are bundled from
 * libs/bundle-verifier and the CLI's verify command by scripts/build-verifiers.mjs and checked in,
 * in libs/bundle-verifier/standalone/.
 */
export const STANDALONE_VERIFIER_FILES = ['verify.html', 'verify-bundle.mjs'] as const;
export type StandaloneVerifierFile = (typeof STANDALONE_VERIFIER_FILES)[number];

/** The folder: found from the sources (libs/records/src/export) or from dist/libs/records/src/export. */
function verifierDirectory(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', '..', '..', 'bundle-verifier', 'standalone'), join(here, '..', '..', '..', '..', '..', 'libs', 'bundle-verifier', 'standalone')];
  const found = candidates.find((dir) => STANDALONE_VERIFIER_FILES.every((file) => existsSync(join(dir, file))));
  if (!found) throw new Error(`the standalone verifiers are missing: looked for ${STANDALONE_VERIFIER_FILES.join(' and ')} in ${candidates.join(' and ')} (node scripts/build-verifiers.mjs builds them)`);
  return found;
}

let cached: Readonly<Record<StandaloneVerifierFile, string>> | null = null;

/** The files' text, read once. */
export function standaloneVerifiers(): Readonly<Record<StandaloneVerifierFile, string>> {
  if (cached === null) {
    const dir = verifierDirectory();
    cached = Object.fromEntries(STANDALONE_VERIFIER_FILES.map((file) => [file, readFileSync(join(dir, file), 'utf8')])) as Record<StandaloneVerifierFile, string>;
  }
  return cached;
}
