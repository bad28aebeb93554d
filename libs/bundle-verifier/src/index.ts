/*
 * Offline verification of lrr-bundle/1 files (the signed audit and public-records files libs/records
 * writes). Isomorphic by design: it imports nothing but its own files and an RFC 8785 canonicalizer,
 * and reaches cryptography only through WebCrypto (globalThis.crypto.subtle), or a synchronous
 * SHA-256 its caller hands it (node:crypto's), so the CLI, the web app's verify page, and any
 * standalone page or script bundled from this entry run the same code.
 */
export {
  BUNDLE_FORMAT,
  formatVerificationReport,
  verifyBundle,
  type ProblemKind,
  type StreamVerdict,
  type VerificationProblem,
  type VerificationReport,
  type VerifyOptions,
} from './verifier.js';
export {
  CHECKPOINT_FORMAT,
  CHECKPOINT_SECTION,
  treeHeadSigned,
  treeHeadSigningBytes,
  verifyCheckpointSection,
  verifyInclusion,
  type CheckpointProblemKind,
  type CheckpointSection,
  type CheckpointSectionProblem,
  type CheckpointSectionReport,
  type CheckpointSignature,
  type CheckpointTreeHead,
  type CheckpointedBundle,
  type ProvenHead,
  type StreamHead,
} from './checkpoint.js';
export { BundleUnreadable, notIntactSummary, pdfAttachments, readBundleFile, storedSectionDigest, type ReadBundle, type ReadOptions } from './reading.js';
export { BundleKeyInvalid, canonicalJson, ed25519VerificationKey, linkHash, sectionDigest, sha256, sha256Hex, signedManifestBytes, type Sha256, type Sha256Sync, type VerificationKey } from './web-crypto.js';
