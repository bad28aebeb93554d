import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type VerificationReport, BundleKeyInvalid, BundleUnreadable, formatVerificationReport, notIntactSummary, readBundleFile, verifyBundle } from '#bundle-verifier';
import { UsageError } from '../usage-error.js';

interface VerifyOptions {
  readonly trustedKey?: readonly string[];
  readonly json?: boolean;
}

/** A bundle that does not verify: the report is printed; main prints this line and exits 1. */
export class BundleNotIntact extends Error {
  constructor(readonly report: VerificationReport) {
    super(notIntactSummary(report));
    this.name = 'BundleNotIntact';
  }
}

/**
 * Verifies a bundle file offline (no configuration, no database) and writes the report: the JSON,
 * or the PDF rendering, which carries the JSON attached.
 * Resolves to the exit status: 0 intact, 1 not. Unreadable input is a UsageError (exit 2).
 * The standalone verify-bundle.mjs runs this same function (apps/cli/src/standalone/verify-bundle.ts).
 */
export async function verifyBundleFile(path: string, options: { trustedKeyFiles?: readonly string[]; json?: boolean }, write: (text: string) => void): Promise<{ exitCode: 0 | 1; report: VerificationReport }> {
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

/** `verify <bundle.json> [--trusted-key <pem>]…`: exit 0 intact, 1 not intact, 2 unusable input. */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify <bundle>')
    .description('verify an exported bundle offline: signature, section hashes and every event of every stream chain (exit 0 intact, 1 not)')
    .option('--trusted-key <pem>', "the records office's bundle-signing public key (PEM); the bundle must be signed by it (repeatable)", (value: string, previous: string[] = []) => [...previous, value])
    .option('--json', 'print the report as JSON')
    .action(async (bundle: string, options: VerifyOptions) => {
      const { exitCode, report } = await verifyBundleFile(bundle, { trustedKeyFiles: options.trustedKey ?? [], json: options.json ?? false }, (text) => process.stdout.write(text));
      if (exitCode !== 0) throw new BundleNotIntact(report);
    });
}
