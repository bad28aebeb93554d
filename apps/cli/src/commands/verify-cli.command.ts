import type { Command } from 'commander';
import { type CheckpointSectionReport, verifyCheckpointSection } from '#records';
import { BundleNotIntact, type FurtherVerdict, verifyBundleFile } from './verify.command.js';

/*
 * The CLI's `verify`: verifyBundleFile (which the standalone verify-bundle.mjs carries too) and, with
 * #records, the proofs of the record checkpoint the file carries.
 */

interface VerifyOptions {
  readonly trustedKey?: readonly string[];
  readonly json?: boolean;
}

/** The record checkpoint a file carries, checked against the file: `verify`'s lines under the bundle's report. */
export function checkpointCheck(bundle: unknown, trustedKeys: readonly string[]): FurtherVerdict {
  const checkpoint: CheckpointSectionReport = verifyCheckpointSection(bundle as Parameters<typeof verifyCheckpointSection>[0], trustedKeys);
  const ok = checkpoint.problems.length === 0;
  // A file without a checkpoint reads as every verifier reports it.
  if (!checkpoint.present) return { text: '', json: {}, ok, problems: 0 };
  const lines = [`Checkpoint ${checkpoint.file} of ${checkpoint.at}: ${checkpoint.proven} stream head(s) proven and held by the file`];
  for (const problem of checkpoint.problems) lines.push(`  [checkpoint] ${problem}`);
  lines.push(`Result     ${ok ? 'the file holds everything the checkpoint committed to for its streams' : 'NOT INTACT against the checkpoint'}`);
  return { text: `${lines.join('\n')}\n`, json: { checkpoint }, ok, problems: checkpoint.problems.length };
}

/** `verify <bundle.json> [--trusted-key <pem>]…`: exit 0 intact, 1 not intact, 2 unusable input. */
export function registerVerifyCommand(program: Command): void {
  program
    .command('verify <bundle>')
    .description('verify an exported bundle offline: signature, section hashes and every event of every stream chain (exit 0 intact, 1 not)')
    .option('--trusted-key <pem>', "the records office's bundle-signing public key (PEM); the bundle must be signed by it (repeatable)", (value: string, previous: string[] = []) => [...previous, value])
    .option('--json', 'print the report as JSON')
    .action(async (bundle: string, options: VerifyOptions) => {
      const { exitCode, report, further } = await verifyBundleFile(bundle, { trustedKeyFiles: options.trustedKey ?? [], json: options.json ?? false, alsoCheck: checkpointCheck }, (text) => process.stdout.write(text));
      if (exitCode !== 0) throw new BundleNotIntact(report, further);
    });
}
