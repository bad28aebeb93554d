import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { type AppConfig, loadConfig } from '#config';
import { openStores } from '#event-store';
import {
  type CheckpointProblem,
  type RecordCheckpoint,
  CHECKPOINT_FORMAT,
  checkCheckpoint,
  checkCheckpointTimestamp,
  checkpointFileName,
  checkRecordAgainstCheckpoint,
  loadBundleSigner,
  takeCheckpoint,
  timestampCheckpoint,
} from '#records';
import { UsageError } from '../usage-error.js';

/** A record that no longer holds what its checkpoint committed to: main prints this line and exits 1. */
export class RecordNotIntact extends Error {
  constructor(readonly problems: readonly CheckpointProblem[]) {
    super(`the record does NOT contain everything the checkpoint committed to: ${problems.length} problem(s), listed above`);
    this.name = 'RecordNotIntact';
  }
}

/** Signs a checkpoint of the whole record (time-stamped when CHECKPOINT_TSA_URL is set) and writes it to `<out>/checkpoint-<time>.json`. */
export async function writeCheckpoint(out: string, config: AppConfig = loadConfig(), now: Date = new Date()): Promise<{ path: string; checkpoint: RecordCheckpoint }> {
  const stores = await openStores(config.storage);
  let checkpoint: RecordCheckpoint;
  try {
    const signer = await loadBundleSigner({ dataDir: config.storage.dataDir, ...(config.signingKeyFile !== undefined && { signingKeyFile: config.signingKeyFile }) });
    checkpoint = await takeCheckpoint(stores.events, signer, now);
  } finally {
    await stores.close();
  }
  const authority = config.checkpoints.timestampAuthority;
  if (authority) checkpoint = await timestampCheckpoint(checkpoint, authority);
  const dir = resolve(out);
  await mkdir(dir, { recursive: true });
  const path = join(dir, checkpointFileName(checkpoint.at));
  await writeFile(path, `${JSON.stringify(checkpoint, null, 2)}\n`);
  return { path, checkpoint };
}

/**
 * Checks a checkpoint file (signature, Merkle root, time-stamp token when it has one) and that the
 * live record still holds every event it committed to.
 */
export async function verifyRecord(checkpointFile: string, options: { trustedKeyFiles?: readonly string[]; tsaCertificateFiles?: readonly string[] } = {}, config: AppConfig = loadConfig(), write: (text: string) => void = (t) => process.stdout.write(t)): Promise<{ exitCode: 0 | 1; problems: CheckpointProblem[] }> {
  let checkpoint: RecordCheckpoint;
  try {
    checkpoint = JSON.parse(await readFile(checkpointFile, 'utf8')) as RecordCheckpoint;
  } catch (error) {
    throw new UsageError(`verify-record: cannot read checkpoint ${checkpointFile}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message}`);
  }
  if (checkpoint?.format !== CHECKPOINT_FORMAT || !Array.isArray(checkpoint.streams)) throw new UsageError(`verify-record: ${checkpointFile} is not a ${CHECKPOINT_FORMAT} checkpoint`);
  const trusted = await Promise.all((options.trustedKeyFiles ?? []).map((file) => readFile(file, 'utf8')));
  const tsaCertificates = await Promise.all(
    (options.tsaCertificateFiles ?? []).map((file) =>
      readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
        throw new UsageError(`verify-record: cannot read TSA certificate ${file}: ${error.code === 'ENOENT' ? 'no such file' : error.message}`);
      }),
    ),
  );
  const problems = await checkCheckpoint(checkpoint, trusted);
  let stamped;
  try {
    stamped = await checkCheckpointTimestamp(checkpoint, tsaCertificates);
  } catch (error) {
    throw new UsageError(`verify-record: ${(error as Error).message}`);
  }
  problems.push(...stamped.problems);
  const stores = await openStores(config.storage);
  try {
    problems.push(...(await checkRecordAgainstCheckpoint(stores.events, checkpoint)));
  } finally {
    await stores.close();
  }
  write(`Checkpoint ${checkpointFile}\n  taken     ${checkpoint.at} at position ${checkpoint.position ?? '(empty record)'}\n  streams   ${checkpoint.streams.length}, events ${checkpoint.events}\n  root      ${checkpoint.merkleRoot}\n  key       ${checkpoint.signature.keyId}\n`);
  if (stamped.timestamp) write(`  stamped   ${stamped.timestamp.genTime.toISOString()} by ${stamped.timestamp.tsa} (RFC 3161 token over this tree head${tsaCertificates.length > 0 ? ', chaining to the given TSA certificate' : ''})\n`);
  else if (!checkpoint.timestamp) write(`  stamped   no time-stamp token${checkpoint.timestampFailure ? `: ${checkpoint.timestampFailure.reason}` : ''}\n`);
  for (const p of problems) write(`  [${p.kind}] ${p.message}\n`);
  write(`Result     ${problems.length === 0 ? 'INTACT: the record holds every event the checkpoint committed to' : 'NOT INTACT'}\n`);
  return { exitCode: problems.length === 0 ? 0 : 1, problems };
}

export function registerCheckpointCommand(program: Command): void {
  program
    .command('checkpoint')
    .description('sign a checkpoint of the whole record (every stream head, a Merkle root, position and time) and write it to a directory kept outside the database')
    .requiredOption('--out <dir>', 'directory to write checkpoint-<time>.json into')
    .action(async (options: { out: string }) => {
      const { path, checkpoint } = await writeCheckpoint(options.out);
      process.stdout.write(`${path}\n  ${checkpoint.streams.length} streams, ${checkpoint.events} events, root ${checkpoint.merkleRoot}\n`);
      if (checkpoint.timestamp) process.stdout.write(`  time-stamped ${checkpoint.timestamp.genTime} by ${checkpoint.timestamp.tsa}\n`);
      if (checkpoint.timestampFailure) process.stderr.write(`checkpoint: written without a time-stamp: ${checkpoint.timestampFailure.reason}\n`);
    });
}

export function registerVerifyRecordCommand(program: Command): void {
  program
    .command('verify-record')
    .description('check that the live record still contains every event a checkpoint committed to (exit 0 intact, 1 not)')
    .requiredOption('--checkpoint <file>', 'a checkpoint file written by `checkpoint`')
    .option('--trusted-key <pem>', "the records office's signing public key (PEM) (repeatable)", (value: string, previous: string[] = []) => [...previous, value])
    .option('--tsa-cert <pem>', "a time-stamp authority's certificate (PEM) the checkpoint's time-stamp token must chain to; the token is then required (repeatable)", (value: string, previous: string[] = []) => [...previous, value])
    .action(async (options: { checkpoint: string; trustedKey?: string[]; tsaCert?: string[] }) => {
      const { exitCode, problems } = await verifyRecord(options.checkpoint, { trustedKeyFiles: options.trustedKey ?? [], tsaCertificateFiles: options.tsaCert ?? [] });
      if (exitCode !== 0) throw new RecordNotIntact(problems);
    });
}
