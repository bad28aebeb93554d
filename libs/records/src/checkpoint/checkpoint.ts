import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { CHECKPOINT_FORMAT, type CheckpointSignature, type CheckpointTreeHead, type StreamHead, treeHeadSigned, treeHeadSigningBytes } from '#bundle-verifier';
import type { TimestampAuthoritySettings } from '#config';
import { type EventStore, StreamNotFound } from '#event-store';
import { canonicalJson } from '../bundle/canonical.js';
import { type BundleSigner, ed25519PublicKey, keyFingerprint } from '../bundle/signing.js';
import { type CheckedTimestamp, type CheckpointTimestamp, type CheckpointTimestampFailure, TimestampInvalid, certificatesFromPem, checkTimestampToken, requestTimestamp } from './timestamp.js';

/*
 * A checkpoint commits to the whole record at one moment: every stream's head revision and hash,
 * rolled into one Merkle root (RFC 6962 hashing: leaves and nodes are domain-separated), with the
 * global position and time, signed with the bundle-signing key. Kept outside the database, it
 * catches what a per-stream hash chain cannot: the newest events of a stream removed by someone
 * with superuser rights (the chain that remains is intact, only shorter).
 * This is the producer's side (node:crypto); checking a tree head's signature and an inclusion proof
 * is libs/bundle-verifier's, which every verifier of a bundle runs.
 */

export { CHECKPOINT_FORMAT, type CheckpointTreeHead, type StreamHead };

export interface RecordCheckpoint {
  readonly format: typeof CHECKPOINT_FORMAT;
  /** The global position of the newest event it covers (the store's opaque checkpoint), null for an empty record. */
  readonly position: string | null;
  readonly at: string;
  readonly events: number;
  /** Sorted by stream name: the Merkle tree's leaves, in order. */
  readonly streams: readonly StreamHead[];
  readonly merkleRoot: string;
  readonly signature: CheckpointSignature;
  /** An RFC 3161 time-stamp token over the signed tree head, when a time-stamp authority is configured and gave one. */
  readonly timestamp?: CheckpointTimestamp;
  /** Why the configured time-stamp authority gave no token for this checkpoint. */
  readonly timestampFailure?: CheckpointTimestampFailure;
}

export type UnsignedCheckpoint = Omit<RecordCheckpoint, 'signature' | 'timestamp' | 'timestampFailure'>;

/** What a checkpoint's signature covers: its tree head (CheckpointTreeHead), so one head and its inclusion proof can be checked without the other heads (an audit file carries only its own streams'). */
export const treeHeadOf = (checkpoint: UnsignedCheckpoint): CheckpointTreeHead => ({
  format: checkpoint.format,
  position: checkpoint.position,
  at: checkpoint.at,
  events: checkpoint.events,
  size: checkpoint.streams.length,
  merkleRoot: checkpoint.merkleRoot,
});

const sha256 = (...parts: Uint8Array[]) => {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return hash.digest();
};

/** A leaf: SHA-256 over 0x00 and the head's canonical JSON (libs/bundle-verifier's verifyInclusion hashes it the same way). */
export function leafHash(head: StreamHead): Buffer {
  return sha256(Buffer.from([0]), Buffer.from(canonicalJson({ stream: head.stream, revision: head.revision, hash: head.hash }), 'utf8'));
}

function nodeHash(left: Buffer, right: Buffer): Buffer {
  return sha256(Buffer.from([1]), left, right);
}

/** RFC 6962 Merkle tree hash: split at the largest power of two below n. */
function treeHash(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return leaves[0]!;
  const k = 2 ** Math.floor(Math.log2(leaves.length - 1));
  return nodeHash(treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)));
}

export function merkleRoot(heads: readonly StreamHead[]): string {
  return treeHash(heads.map(leafHash)).toString('hex');
}

/** The audit path (RFC 6962 §2.1.1) of leaf `index`: sibling hashes from the leaf up. */
export function inclusionProof(heads: readonly StreamHead[], index: number): string[] {
  const path = (leaves: readonly Buffer[], m: number): Buffer[] => {
    if (leaves.length <= 1) return [];
    const k = 2 ** Math.floor(Math.log2(leaves.length - 1));
    return m < k ? [...path(leaves.slice(0, k), m), treeHash(leaves.slice(k))] : [...path(leaves.slice(k), m - k), treeHash(leaves.slice(0, k))];
  };
  return path(heads.map(leafHash), index).map((h) => h.toString('hex'));
}

/** Every stream's head as of a global position: what a checkpoint is taken from. */
export interface RecordHeads {
  readonly heads: StreamHead[];
  readonly position: string | null;
  readonly events: number;
}

/**
 * The heads after everything recorded since `from` (read from the store's global order, commit-safe):
 * from nothing, the whole record; from an earlier reading, only what was recorded since.
 */
export async function advanceRecordHeads(store: EventStore, from: RecordHeads | null = null): Promise<RecordHeads> {
  const heads = new Map<string, StreamHead>((from?.heads ?? []).map((head) => [head.stream, head]));
  let after: string | null = from?.position ?? null;
  let events = from?.events ?? 0;
  for (;;) {
    const batch = await store.readAll({ after, maxCount: 1000 });
    if (batch.events.length === 0) break;
    for (const e of batch.events) heads.set(e.stream, { stream: e.stream, revision: e.revision, hash: e.hash });
    events += batch.events.length;
    after = batch.checkpoint;
  }
  return { heads: [...heads.values()].sort((a, b) => (a.stream < b.stream ? -1 : a.stream > b.stream ? 1 : 0)), position: after, events };
}

/** Every stream's head, and the newest global position, read from the store's global order. */
export function readRecordHeads(store: EventStore): Promise<RecordHeads> {
  return advanceRecordHeads(store);
}

/** The bytes of a tree head that its signature and its time-stamp cover: its canonical JSON (libs/bundle-verifier's treeHeadSigningBytes). */
export function treeHeadBytes(head: CheckpointTreeHead): Buffer {
  return Buffer.from(treeHeadSigningBytes(head));
}

/** Signs a checkpoint of the record as `heads` give it. */
export async function signCheckpoint({ heads, position, events }: RecordHeads, signer: BundleSigner, at: Date): Promise<RecordCheckpoint> {
  const unsigned: UnsignedCheckpoint = { format: CHECKPOINT_FORMAT, position, at: at.toISOString(), events, streams: heads, merkleRoot: merkleRoot(heads) };
  const value = Buffer.from(await signer.sign(treeHeadSigningBytes(treeHeadOf(unsigned)))).toString('base64');
  return { ...unsigned, signature: { algorithm: 'Ed25519', keyId: signer.keyId, publicKey: signer.publicKeyPem, value } };
}

/** Signs a checkpoint of the whole record as it stands now. */
export async function takeCheckpoint(store: EventStore, signer: BundleSigner, at: Date): Promise<RecordCheckpoint> {
  return signCheckpoint(await readRecordHeads(store), signer, at);
}

export interface CheckpointProblem {
  readonly kind: 'signature-invalid' | 'merkle-root-mismatch' | 'key-untrusted' | 'stream-missing' | 'revisions-missing' | 'head-changed' | 'timestamp-invalid' | 'timestamp-untrusted' | 'timestamp-missing';
  readonly stream?: string;
  /** For revisions-missing: the first and last revision the checkpoint committed to that the record no longer holds. */
  readonly missing?: { readonly from: number; readonly to: number };
  readonly message: string;
}

/** The checkpoint's own integrity: its signature (by a trusted key when keys are given) and its Merkle root. */
export async function checkCheckpoint(checkpoint: RecordCheckpoint, trustedKeys: readonly string[] = []): Promise<CheckpointProblem[]> {
  const problems: CheckpointProblem[] = [];
  const { signature, ...unsigned } = checkpoint;
  const key = ed25519PublicKey(signature.publicKey, 'checkpoint public key');
  if (!(await treeHeadSigned(treeHeadOf(unsigned), signature)).valid) problems.push({ kind: 'signature-invalid', message: 'the checkpoint signature does not verify: the checkpoint was altered or not signed by its key' });
  if (trustedKeys.length > 0 && !trustedKeys.some((k) => keyFingerprint(ed25519PublicKey(k, 'trusted key')) === keyFingerprint(key))) problems.push({ kind: 'key-untrusted', message: `the checkpoint is signed by ${keyFingerprint(key)}, not by a trusted key` });
  if (merkleRoot(checkpoint.streams) !== checkpoint.merkleRoot) problems.push({ kind: 'merkle-root-mismatch', message: 'the checkpoint Merkle root is not the root of its stream heads' });
  return problems;
}

/**
 * The checkpoint with the time-stamp of its signed tree head by the authority (`timestamp`), or, when
 * the authority gave none, why (`timestampFailure`): a time-stamp that fails never stops a checkpoint.
 */
export async function timestampCheckpoint(checkpoint: RecordCheckpoint, authority: TimestampAuthoritySettings): Promise<RecordCheckpoint> {
  const { timestamp: _timestamp, timestampFailure: _failure, signature, ...unsigned } = checkpoint;
  try {
    const trusted = authority.certificateFile === undefined ? undefined : certificatesFromPem(await readFile(authority.certificateFile, 'utf8'), `TSA certificate file ${authority.certificateFile}`);
    const timestamp = await requestTimestamp(authority.url, treeHeadBytes(treeHeadOf(unsigned)), { ...(trusted && { trusted }) });
    return { ...unsigned, signature, timestamp };
  } catch (error) {
    return { ...unsigned, signature, timestampFailure: { authority: authority.url, reason: error instanceof Error ? error.message : String(error) } };
  }
}

/**
 * The checkpoint's time-stamp token, when it has one: that it covers exactly this checkpoint's tree
 * head and verifies (chaining to `trustedTsaCertificates`, PEM, when any are given). Without a token,
 * a problem only when trusted TSA certificates were given (a time-stamp was then required).
 */
export async function checkCheckpointTimestamp(checkpoint: RecordCheckpoint, trustedTsaCertificates: readonly string[] = []): Promise<{ timestamp: CheckedTimestamp | null; problems: CheckpointProblem[] }> {
  if (!checkpoint.timestamp) {
    const problems: CheckpointProblem[] = trustedTsaCertificates.length > 0 ? [{ kind: 'timestamp-missing', message: `the checkpoint carries no time-stamp token${checkpoint.timestampFailure ? ` (${checkpoint.timestampFailure.reason})` : ''}, and a TSA certificate was given` }] : [];
    return { timestamp: null, problems };
  }
  const { signature: _signature, timestamp, timestampFailure: _failure, ...unsigned } = checkpoint;
  try {
    const trusted = trustedTsaCertificates.flatMap((pem) => certificatesFromPem(pem, 'TSA certificate'));
    return { timestamp: await checkTimestampToken(Buffer.from(timestamp.token, 'base64'), treeHeadBytes(treeHeadOf(unsigned)), { trusted }), problems: [] };
  } catch (error) {
    if (!(error instanceof TimestampInvalid)) throw error;
    return { timestamp: null, problems: [{ kind: error.kind === 'untrusted' ? 'timestamp-untrusted' : 'timestamp-invalid', message: error.message }] };
  }
}

/**
 * Whether the live record still contains every event the checkpoint committed to: each stream
 * reaches at least the checkpoint's head revision, with the same hash there (the chain before it
 * is then sealed by that hash).
 */
export async function checkRecordAgainstCheckpoint(store: EventStore, checkpoint: RecordCheckpoint): Promise<CheckpointProblem[]> {
  const problems: CheckpointProblem[] = [];
  for (const head of checkpoint.streams) {
    let events;
    try {
      events = await store.readStream(head.stream);
    } catch (error) {
      if (!(error instanceof StreamNotFound)) throw error;
      problems.push({ kind: 'stream-missing', stream: head.stream, missing: { from: 0, to: head.revision }, message: `stream ${head.stream} is gone: the checkpoint committed to revisions 0–${head.revision}` });
      continue;
    }
    const last = events.at(-1)?.revision ?? -1;
    if (last < head.revision) {
      problems.push({ kind: 'revisions-missing', stream: head.stream, missing: { from: last + 1, to: head.revision }, message: `stream ${head.stream} is missing revisions ${last + 1}–${head.revision} (it ends at revision ${last}; the checkpoint committed to ${head.revision}, hash ${head.hash})` });
      continue;
    }
    const at = events.find((e) => e.revision === head.revision);
    if (!at || at.hash !== head.hash) problems.push({ kind: 'head-changed', stream: head.stream, message: `stream ${head.stream} revision ${head.revision} no longer has the hash the checkpoint committed to (${head.hash})` });
  }
  return problems;
}
