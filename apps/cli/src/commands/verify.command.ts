import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { type VerificationReport, BundleKeyInvalid, BundleUnreadable, formatVerificationReport, notIntactSummary, readBundleFile, verifyBundle } from '#bundle-verifier';
import { UsageError } from '../usage-error.js';

/** A bundle that does not verify: the report is printed; main prints this line and exits 1. */
export class BundleNotIntact extends Error {
  constructor(readonly report: VerificationReport) {
    super(notIntactSummary(report));
    this.name = 'BundleNotIntact';
  }
}

/** node:crypto's SHA-256: synchronous, so the verifier hashes a stream's links without a promise each (the browser uses WebCrypto's). */
export const nodeSha256 = (parts: readonly (string | Uint8Array)[]): string => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest('hex');
};

/**
 * Verifies a bundle file offline (no configuration, no database) and writes the report: the JSON,
 * or the PDF rendering, which carries the JSON attached.
 * Resolves to the exit status: 0 intact, 1 not. Unreadable input is a UsageError (exit 2).
 * The standalone verify-bundle.mjs runs this same function (apps/cli/src/standalone/verify-bundle.ts).
 */
export async function verifyBundleFile(path: string, options: { trustedKeyFiles?: readonly string[]; json?: boolean }, write: (text: string) => void): Promise<{ exitCode: 0 | 1; report: VerificationReport }> {
  let read;
  try {
    read = await readBundleFile(await readInput(path, 'bundle'), path, { sha256: nodeSha256 });
  } catch (error) {
    if (error instanceof BundleUnreadable) throw new UsageError(`verify: ${error.message}`);
    throw error;
  }
  const trustedKeys: string[] = [];
  for (const file of options.trustedKeyFiles ?? []) trustedKeys.push(new TextDecoder().decode(await readInput(file, 'trusted key')));
  let report: VerificationReport;
  try {
    report = await verifyBundle(read.bundle, { ...(trustedKeys.length > 0 && { trustedKeys }), sha256: nodeSha256 });
  } catch (error) {
    if (error instanceof BundleKeyInvalid) throw new UsageError(`verify: --trusted-key: ${error.message}`);
    throw error;
  }
  write(options.json ? `${JSON.stringify(report, null, 2)}\n` : formatVerificationReport(report, read.source));
  return { exitCode: report.intact ? 0 : 1, report };
}

async function readInput(path: string, what: string): Promise<Uint8Array> {
  try {
    return await readFile(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`verify: cannot read ${what} ${path}: ${code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'it is a directory' : (error as Error).message}`);
  }
}
