import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { CHECKPOINT_SECTION, type CheckpointSection, type ProvenHead } from '#bundle-verifier';
import { type RecordCheckpoint, checkCheckpoint, inclusionProof, treeHeadOf } from './checkpoint.js';

/*
 * The bundle section that carries the latest checkpoint taken before the file (CheckpointSection:
 * its signed tree head, and each of the file's streams' head then with its inclusion proof), as the
 * exporter writes it. Every verifier checks it with libs/bundle-verifier's verifyCheckpointSection.
 */
export { CHECKPOINT_SECTION, type CheckpointSection, type ProvenHead };

/** A checkpoint file as found in the checkpoint directory. */
export interface FoundCheckpoint {
  readonly file: string;
  readonly checkpoint: RecordCheckpoint;
}

/** The newest checkpoint in `directory` whose signature and root check; null when there is none. */
export async function latestCheckpoint(directory: string): Promise<FoundCheckpoint | null> {
  let names: string[];
  try {
    names = await readdir(directory);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  for (const file of names.filter((name) => /^checkpoint-.*\.json$/.test(name)).sort().reverse()) {
    try {
      const checkpoint = JSON.parse(await readFile(join(directory, file), 'utf8')) as RecordCheckpoint;
      if ((await checkCheckpoint(checkpoint)).length === 0) return { file, checkpoint };
    } catch {
      // Not a checkpoint this system can read: an older one may be.
    }
  }
  return null;
}

/** The section for a file holding `streams`: the heads of those the checkpoint covers, each with its proof. */
export function checkpointSection({ file, checkpoint }: FoundCheckpoint, streams: Iterable<string>): CheckpointSection {
  const { signature, ...unsigned } = checkpoint;
  const index = new Map(checkpoint.streams.map((head, i) => [head.stream, i]));
  const proven: ProvenHead[] = [];
  for (const stream of [...streams].sort()) {
    const i = index.get(stream);
    if (i === undefined) continue;
    const head = checkpoint.streams[i]!;
    proven.push({ stream, revision: head.revision, hash: head.hash, index: i, proof: inclusionProof(checkpoint.streams, i) });
  }
  return { file, treeHead: treeHeadOf(unsigned), signature, streams: proven };
}
