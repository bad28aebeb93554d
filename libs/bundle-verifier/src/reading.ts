import type { VerificationReport } from './verifier.js';

/** A file given to the verifier is not a bundle it can read (not JSON). The message is one line. */
export class BundleUnreadable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleUnreadable';
  }
}

/**
 * A bundle file's text, parsed: what `verify`, the standalone script and the standalone page read.
 * Throws BundleUnreadable naming `source` when the text is not JSON (and says so when it is the PDF).
 */
export function parseBundleText(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new BundleUnreadable(`${source} is not JSON${text.startsWith('%PDF') ? ' (it is the PDF rendering: pass the .json bundle)' : ''}`);
  }
}

/** The one-line verdict of a bundle that does not verify (its problems are in the report). */
export function notIntactSummary(report: VerificationReport): string {
  return `bundle ${report.bundleId ?? '(unknown)'} is NOT intact: ${report.problems.length} problem(s), listed above`;
}
