import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { type CheckpointSectionReport, type VerificationReport, BundleKeyInvalid, formatVerificationReport, verifyBundle, verifyCheckpointSection } from '#records';
import { UsageError } from '../usage-error.js';

interface VerifyOptions {
  readonly trustedKey?: readonly string[];
  readonly json?: boolean;
}

/** A bundle that does not verify: the report is printed; main prints this line and exits 1. */
export class BundleNotIntact extends Error {
  constructor(
    readonly report: VerificationReport,
    checkpointProblems = 0,
  ) {
    super(`bundle ${report.bundleId ?? '(unknown)'} is NOT intact: ${report.problems.length + checkpointProblems} problem(s), listed above`);
    this.name = 'BundleNotIntact';
  }
}

/**
 * Verifies a bundle file offline (no configuration, no database) and writes the report.
 * Resolves to the exit status: 0 intact, 1 not. Unreadable input is a UsageError (exit 2).
 */
export async function verifyBundleFile(path: string, options: { trustedKeyFiles?: readonly string[]; json?: boolean }, write: (text: string) => void): Promise<{ exitCode: 0 | 1; report: VerificationReport; checkpoint: CheckpointSectionReport | null }> {
  const text = await readInput(path, 'bundle');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`verify: ${path} is not JSON${text.startsWith('%PDF') ? ' (it is the PDF rendering: pass the .json bundle)' : ''}`);
  }
  const trustedKeys: string[] = [];
  for (const file of options.trustedKeyFiles ?? []) trustedKeys.push(await readInput(file, 'trusted key'));
  let report: VerificationReport;
  try {
    report = await verifyBundle(parsed, trustedKeys.length > 0 ? { trustedKeys } : {});
  } catch (error) {
    if (error instanceof BundleKeyInvalid) throw new UsageError(`verify: --trusted-key: ${error.message}`);
    throw error;
  }
  // The checkpoint's proofs are read only from a file whose sections verified.
  const checkpoint = report.intact ? verifyCheckpointSection(parsed as Parameters<typeof verifyCheckpointSection>[0], trustedKeys) : null;
  const proofsHold = checkpoint === null || checkpoint.problems.length === 0;
  write(options.json ? `${JSON.stringify({ ...report, ...(checkpoint && { checkpoint }) }, null, 2)}\n` : formatVerificationReport(report, path) + (checkpoint ? checkpointLines(checkpoint) : ''));
  return { exitCode: report.intact && proofsHold ? 0 : 1, report, checkpoint };
}

/** The checkpoint's verdict under the bundle's report. */
function checkpointLines(checkpoint: CheckpointSectionReport): string {
  if (!checkpoint.present) return 'Checkpoint none in the file (no checkpoint of the record was taken before it)\n';
  const lines = [`Checkpoint ${checkpoint.file} of ${checkpoint.at}: ${checkpoint.proven} stream head(s) proven and held by the file`];
  for (const problem of checkpoint.problems) lines.push(`  [checkpoint] ${problem}`);
  lines.push(`Result     ${checkpoint.problems.length === 0 ? 'the file holds everything the checkpoint committed to for its streams' : 'NOT INTACT against the checkpoint'}`);
  return `${lines.join('\n')}\n`;
}

async function readInput(path: string, what: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
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
      const { exitCode, report, checkpoint } = await verifyBundleFile(bundle, { trustedKeyFiles: options.trustedKey ?? [], json: options.json ?? false }, (text) => process.stdout.write(text));
      if (exitCode !== 0) throw report.intact && checkpoint ? new BundleNotIntact(report, checkpoint.problems.length) : new BundleNotIntact(report);
    });
}
