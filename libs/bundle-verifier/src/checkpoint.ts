import { type Sha256, canonicalJson, ed25519VerificationKey, sha256, verifyEd25519 } from './web-crypto.js';

/*
 * The record checkpoint a bundle carries (section `recordCheckpoint`): the signed tree head of the
 * latest checkpoint of the whole record taken before the file, and for each of the file's streams
 * the checkpoint covers, that stream's head then with its RFC 9162 inclusion proof. Checking it shows
 * the file holds everything the record held at the checkpoint for its streams: a stream cut short
 * after the checkpoint (by someone with superuser rights) shows even in a file exported afterwards.
 * libs/records takes checkpoints and writes the section; this is the one check of it.
 */

export const CHECKPOINT_FORMAT = 'lrr-checkpoint/2';

/** The name of the bundle section that carries the latest checkpoint's tree head and the file's streams' inclusion proofs. */
export const CHECKPOINT_SECTION = 'recordCheckpoint';

/** A stream's newest event, as a checkpoint commits to it: one leaf of its Merkle tree. */
export interface StreamHead {
  readonly stream: string;
  /** 0-based revision of the newest event. */
  readonly revision: number;
  readonly hash: string;
}

/**
 * What a checkpoint's signature covers: its tree head (the Merkle root, the tree's size, position and
 * time), as RFC 9162's signed tree head. The heads are bound to it through the root, so one head and
 * its inclusion proof can be checked against the signature without the other heads.
 */
export interface CheckpointTreeHead {
  readonly format: typeof CHECKPOINT_FORMAT;
  /** The global position of the newest event it covers (the store's opaque checkpoint), null for an empty record. */
  readonly position: string | null;
  readonly at: string;
  readonly events: number;
  /** How many stream heads (leaves) the tree has. */
  readonly size: number;
  readonly merkleRoot: string;
}

export interface CheckpointSignature {
  readonly algorithm: 'Ed25519';
  readonly keyId: string;
  readonly publicKey: string;
  readonly value: string;
}

/** A stream head the checkpoint committed to, with its RFC 9162 inclusion proof. */
export interface ProvenHead extends StreamHead {
  /** The head's leaf index in the checkpoint's tree. */
  readonly index: number;
  readonly proof: readonly string[];
}

/** The section as a bundle carries it. */
export interface CheckpointSection {
  /** The checkpoint file's name in the office's checkpoint directory. */
  readonly file: string;
  readonly treeHead: CheckpointTreeHead;
  readonly signature: CheckpointSignature;
  readonly streams: readonly ProvenHead[];
}

export type CheckpointProblemKind = 'checkpoint-malformed' | 'checkpoint-signature-invalid' | 'checkpoint-key-untrusted' | 'checkpoint-proof-invalid' | 'checkpoint-stream-missing' | 'checkpoint-revisions-missing' | 'checkpoint-head-changed';

export interface CheckpointSectionProblem {
  readonly kind: CheckpointProblemKind;
  readonly message: string;
  readonly section: typeof CHECKPOINT_SECTION;
  readonly stream?: string;
  /** For checkpoint-revisions-missing: the revisions the checkpoint committed to that the file does not hold. */
  readonly missing?: { readonly from: number; readonly to: number };
}

export interface CheckpointSectionReport {
  /** Whether the file carries a checkpoint at all. */
  readonly present: boolean;
  readonly file: string | null;
  readonly at: string | null;
  /** Streams whose checkpointed head the file holds, proven in the checkpoint's tree. */
  readonly proven: number;
  /** The stream heads the section lists. */
  readonly heads: number;
  readonly problems: readonly CheckpointSectionProblem[];
}

/** What the check needs of a bundle: its manifest's streams (revisions and signed index) and its sections. */
export interface CheckpointedBundle {
  readonly manifest: { readonly streams: readonly { readonly stream: string; readonly lastRevision: number; readonly index: readonly { readonly revision: number; readonly hash: string }[] }[] };
  readonly sections: Readonly<Record<string, unknown>>;
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';
const isInt = (v: unknown): v is number => Number.isInteger(v) && (v as number) >= 0;
const isHash = (v: unknown): v is string => isStr(v) && /^[0-9a-f]{64}$/.test(v);

const encoder = new TextEncoder();
const bytesOfHex = (hex: string) => Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
const joined = (prefix: number, ...parts: Uint8Array[]) => {
  const out = new Uint8Array(1 + parts.reduce((n, p) => n + p.length, 0));
  out[0] = prefix;
  let at = 1;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
};

/** A leaf: SHA-256 over 0x00 and the head's canonical JSON (RFC 6962 domain separation), hex. */
export function leafHashHex(head: StreamHead, hash: Sha256 = sha256()): Promise<string> {
  return hash.hex(joined(0, encoder.encode(canonicalJson({ stream: head.stream, revision: head.revision, hash: head.hash }))));
}

/** An inner node: SHA-256 over 0x01, the left and the right child, hex. */
export function nodeHashHex(left: string, right: string, hash: Sha256 = sha256()): Promise<string> {
  return hash.hex(joined(1, bytesOfHex(left), bytesOfHex(right)));
}

/** Whether `head`, as leaf `index` of `size`, is in the tree with `root` (RFC 9162 §2.1.3.2). */
export async function verifyInclusion(head: StreamHead, index: number, size: number, proof: readonly string[], root: string, hash: Sha256 = sha256()): Promise<boolean> {
  if (!isInt(index) || !isInt(size) || index >= size || !proof.every(isHash)) return false;
  let fn = index;
  let sn = size - 1;
  let r = await leafHashHex(head, hash);
  for (const sibling of proof) {
    if (sn === 0) return false;
    if (fn % 2 === 1 || fn === sn) {
      r = await nodeHashHex(sibling, r, hash);
      while (fn % 2 === 0 && fn !== 0) {
        fn >>= 1;
        sn >>= 1;
      }
    } else {
      r = await nodeHashHex(r, sibling, hash);
    }
    fn >>= 1;
    sn >>= 1;
  }
  return sn === 0 && r === root;
}

/** The bytes a checkpoint's signature covers: the canonical JSON of its tree head. */
export const treeHeadSigningBytes = (head: CheckpointTreeHead): Uint8Array => encoder.encode(canonicalJson({ ...head }));

/** Whether `signature` verifies over `head` with the public key it carries; and that key's fingerprint. */
export async function treeHeadSigned(head: CheckpointTreeHead, signature: CheckpointSignature): Promise<{ readonly valid: boolean; readonly fingerprint: string | null }> {
  try {
    const { key, fingerprint } = await ed25519VerificationKey(signature.publicKey, 'checkpoint public key');
    return { valid: signature.algorithm === 'Ed25519' && (await verifyEd25519(key, treeHeadSigningBytes(head), signature.value)), fingerprint };
  } catch {
    return { valid: false, fingerprint: null };
  }
}

function wellFormed(section: unknown): section is CheckpointSection {
  if (!isObj(section) || !isStr(section['file']) || !isObj(section['treeHead']) || !isObj(section['signature']) || !Array.isArray(section['streams'])) return false;
  const head = section['treeHead'];
  const signature = section['signature'];
  return (
    isStr(head['at']) &&
    isInt(head['size']) &&
    isHash(head['merkleRoot']) &&
    isStr(signature['publicKey']) &&
    isStr(signature['value']) &&
    section['streams'].every((h: unknown) => isObj(h) && isStr(h['stream']) && isInt(h['revision']) && isHash(h['hash']) && isInt(h['index']) && Array.isArray(h['proof']))
  );
}

/**
 * Checks a file's checkpoint section against the file's signed manifest: the tree head's signature
 * (by one of the trusted keys, given as their `sha256:` fingerprints, when there are any), each
 * head's inclusion proof, and that the file holds each checkpointed head (the same hash at the same
 * revision). The section's own integrity (its hash in the signed manifest) is verifyBundle's.
 */
export async function verifyCheckpointSection(bundle: CheckpointedBundle, options: { readonly trustedFingerprints?: readonly string[]; readonly hash?: Sha256 } = {}): Promise<CheckpointSectionReport> {
  const raw = bundle.sections[CHECKPOINT_SECTION];
  if (raw === undefined) return { present: false, file: null, at: null, proven: 0, heads: 0, problems: [] };
  const problems: CheckpointSectionProblem[] = [];
  const problem = (p: Omit<CheckpointSectionProblem, 'section'>) => problems.push({ ...p, section: CHECKPOINT_SECTION });
  if (!wellFormed(raw)) {
    problem({ kind: 'checkpoint-malformed', message: `section ${CHECKPOINT_SECTION} is not a checkpoint's tree head with its stream heads' proofs` });
    return { present: true, file: null, at: null, proven: 0, heads: 0, problems };
  }
  const hash = options.hash ?? sha256();
  const { treeHead, signature } = raw;
  const { valid, fingerprint } = await treeHeadSigned(treeHead, signature);
  if (!valid) problem({ kind: 'checkpoint-signature-invalid', message: `the checkpoint tree head of ${treeHead.at} does not verify against its signature` });
  else if (options.trustedFingerprints && options.trustedFingerprints.length > 0 && !options.trustedFingerprints.includes(fingerprint!)) {
    problem({ kind: 'checkpoint-key-untrusted', message: `the checkpoint of ${treeHead.at} is signed by ${fingerprint}, not by a trusted key` });
  }
  const manifest = new Map(bundle.manifest.streams.map((s) => [s.stream, s]));
  let proven = 0;
  for (const head of raw.streams) {
    if (!(await verifyInclusion(head, head.index, treeHead.size, head.proof, treeHead.merkleRoot, hash))) {
      problem({ kind: 'checkpoint-proof-invalid', stream: head.stream, message: `the head of ${head.stream} (revision ${head.revision}) is not proven in the checkpoint's tree` });
      continue;
    }
    const stream = manifest.get(head.stream);
    if (!stream) {
      problem({ kind: 'checkpoint-stream-missing', stream: head.stream, missing: { from: 0, to: head.revision }, message: `the checkpoint of ${treeHead.at} committed to ${head.stream} up to revision ${head.revision}; the file does not hold that stream` });
      continue;
    }
    if (stream.lastRevision < head.revision) {
      problem({
        kind: 'checkpoint-revisions-missing',
        stream: head.stream,
        missing: { from: stream.lastRevision + 1, to: head.revision },
        message: `${head.stream} is missing revisions ${stream.lastRevision + 1}–${head.revision}: the file ends at revision ${stream.lastRevision}, the checkpoint of ${treeHead.at} committed to revision ${head.revision}`,
      });
      continue;
    }
    const entry = stream.index.find((e) => e.revision === head.revision);
    if (!entry || entry.hash !== head.hash) {
      problem({ kind: 'checkpoint-head-changed', stream: head.stream, message: `${head.stream} revision ${head.revision} in the file is not the event the checkpoint of ${treeHead.at} committed to` });
      continue;
    }
    proven += 1;
  }
  return { present: true, file: raw.file, at: treeHead.at, proven, heads: raw.streams.length, problems };
}
