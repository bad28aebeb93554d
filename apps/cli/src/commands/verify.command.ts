import { readFile } from 'node:fs/promises';
import { type VerificationReport, BundleKeyInvalid, BundleUnreadable, formatVerificationReport, notIntactSummary, readBundleFile, verifyBundle } from '#bundle-verifier';
import { UsageError } from '../usage-error.js';

/** A bundle that does not verify: the report is printed; main prints this line and exits 1. */
export class BundleNotIntact extends Error {
  constructor(
    readonly report: VerificationReport,
    further: FurtherVerdict | null = null,
  ) {
    super(report.intact && further && !further.ok ? `bundle ${report.bundleId ?? '(unknown)'} is NOT intact against its checkpoint: ${further.problems} problem(s), listed above` : notIntactSummary(report));
    this.name = 'BundleNotIntact';
  }
}

/**
 * Verifies a bundle file offline (no configuration, no database) and writes the report: the JSON,
 * or the PDF rendering, which carries the JSON attached.
 * Resolves to the exit status: 0 intact, 1 not. Unreadable input is a UsageError (exit 2).
 * The standalone verify-bundle.mjs runs this same function (apps/cli/src/standalone/verify-bundle.ts).
 */
export async function verifyBundleFile(
  path: string,
  options: { trustedKeyFiles?: readonly string[]; json?: boolean; alsoCheck?: FurtherCheck },
  write: (text: string) => void,
): Promise<{ exitCode: 0 | 1; report: VerificationReport; further: FurtherVerdict | null }> {
  let read;
  try {
    read = await readBundleFile(await readInput(path, 'bundle'), path);
  } catch (error) {
    if (error instanceof BundleUnreadable) throw new UsageError(`verify: ${error.message}`);
    throw error;
  }
  const trustedKeys: string[] = [];
  for (const file of options.trustedKeyFiles ?? []) trustedKeys.push(new TextDecoder().decode(await readInput(file, 'trusted key')));
  let report: VerificationReport;
  try {
    report = await verifyBundle(read.bundle, trustedKeys.length > 0 ? { trustedKeys } : {});
  } catch (error) {
    if (error instanceof BundleKeyInvalid) throw new UsageError(`verify: --trusted-key: ${error.message}`);
    throw error;
  }
  // A further check reads only a file whose signature, sections and chains verified.
  const further = report.intact && options.alsoCheck ? options.alsoCheck(read.bundle, trustedKeys) : null;
  write(options.json ? `${JSON.stringify({ ...report, ...further?.json }, null, 2)}\n` : formatVerificationReport(report, read.source) + (further?.text ?? ''));
  return { exitCode: report.intact && (further?.ok ?? true) ? 0 : 1, report, further };
}

/** What a further check of a verified bundle says: lines under the report, fields for --json, and whether it holds. */
export interface FurtherVerdict {
  readonly text: string;
  readonly json: Readonly<Record<string, unknown>>;
  readonly ok: boolean;
  readonly problems: number;
}

/** A check the CLI adds to the one every verifier makes (the record checkpoint's proofs, #records). */
export type FurtherCheck = (bundle: unknown, trustedKeys: readonly string[]) => FurtherVerdict;

async function readInput(path: string, what: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`verify: cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message}`);
  }
}
