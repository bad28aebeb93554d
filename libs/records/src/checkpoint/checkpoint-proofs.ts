import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ManifestStream } from '../bundle/format.js';
import { ed25519PublicKey, keyFingerprint } from '../bundle/signing.js';
import { type CheckpointTreeHead, type RecordCheckpoint, checkCheckpoint, inclusionProof, treeHeadOf, treeHeadSigned, verifyInclusion } from './checkpoint.js';

/** The name of the bundle section that carries the latest checkpoint's tree head and the file's streams' inclusion proofs. */
export const CHECKPOINT_SECTION = 'recordCheckpoint';

/** A stream head the checkpoint committed to, with its RFC 9162 inclusion proof. */
export interface ProvenHead {
  readonly stream: string;
  readonly revision: number;
  readonly hash: string;
  /** The head's leaf index in the checkpoint's tree. */
  readonly index: number;
  readonly proof: readonly string[];
}

/**
 * The latest checkpoint taken before the file, as the file carries it: its signed tree head and,
 * for each of the file's streams the checkpoint covers, that stream's head then and the proof that
 * it is in the tree. With it, the file shows it holds everything the record held at the checkpoint
 * for its streams, so a stream cut short after the checkpoint (by someone with superuser rights)
 * shows even in a file exported afterwards.
 */
export interface CheckpointSection {
  /** The checkpoint file's name in the office's checkpoint directory. */
  readonly file: string;
  readonly treeHead: CheckpointTreeHead;
  readonly signature: RecordCheckpoint['signature'];
  readonly streams: readonly ProvenHead[];
}

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
      if (checkCheckpoint(checkpoint).length === 0) return { file, checkpoint };
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

export interface CheckpointSectionReport {
  /** Whether the file carries a checkpoint at all. */
  readonly present: boolean;
  readonly file: string | null;
  readonly at: string | null;
  /** Streams whose checkpointed head the file holds, proven in the checkpoint's tree. */
  readonly proven: number;
  readonly problems: readonly string[];
}

/**
 * Checks a file's checkpoint section against the file's manifest: the tree head's signature (by a
 * trusted key when keys are given), each head's inclusion proof, and that the file holds each
 * checkpointed head (the same hash at the same revision). The section's own integrity (its hash in
 * the signed manifest) is the bundle verifier's.
 */
export function verifyCheckpointSection(bundle: { readonly manifest: { readonly streams: readonly ManifestStream[] }; readonly sections: Readonly<Record<string, unknown>> }, trustedKeys: readonly string[] = []): CheckpointSectionReport {
  const section = bundle.sections[CHECKPOINT_SECTION] as CheckpointSection | undefined;
  if (section === undefined || section === null) return { present: false, file: null, at: null, proven: 0, problems: [] };
  const problems: string[] = [];
  const { treeHead, signature } = section;
  let signed = false;
  try {
    signed = treeHeadSigned(treeHead, signature);
    if (signed && trustedKeys.length > 0 && !trustedKeys.some((k) => keyFingerprint(ed25519PublicKey(k, 'trusted key')) === signature.keyId)) problems.push(`the checkpoint of ${treeHead.at} is signed by ${signature.keyId}, not by a trusted key`);
  } catch {
    signed = false;
  }
  if (!signed) problems.push(`the checkpoint tree head of ${treeHead.at} does not verify against its signature`);
  const manifest = new Map(bundle.manifest.streams.map((s) => [s.stream, s]));
  let proven = 0;
  for (const head of section.streams) {
    if (!verifyInclusion({ stream: head.stream, revision: head.revision, hash: head.hash }, head.index, treeHead.size, head.proof, treeHead.merkleRoot)) {
      problems.push(`the head of ${head.stream} (revision ${head.revision}) is not proven in the checkpoint's tree`);
      continue;
    }
    const stream = manifest.get(head.stream);
    if (!stream) {
      problems.push(`the checkpoint of ${treeHead.at} committed to ${head.stream} up to revision ${head.revision}; the file does not hold that stream`);
      continue;
    }
    if (stream.lastRevision < head.revision) {
      problems.push(`${head.stream} is missing revisions ${stream.lastRevision + 1}–${head.revision}: the file ends at revision ${stream.lastRevision}, the checkpoint of ${treeHead.at} committed to revision ${head.revision}`);
      continue;
    }
    const entry = stream.index.find((e) => e.revision === head.revision);
    if (!entry || entry.hash !== head.hash) {
      problems.push(`${head.stream} revision ${head.revision} in the file is not the event the checkpoint of ${treeHead.at} committed to`);
      continue;
    }
    proven += 1;
  }
  return { present: true, file: section.file, at: treeHead.at, proven, problems };
}
