/*
 * The records context: audit-ready files and public-records exports of a negotiation, as signed,
 * offline-verifiable bundles (JSON) with a PDF rendering. See libs/records/README.md for the format.
 */
export {
  BUNDLE_FORMAT,
  BUNDLE_KINDS,
  SECTION_NAMES,
  isWithheldEntry,
  type Bundle,
  type BundleEventEntry,
  type BundleKind,
  type BundleManifest,
  type BundleSignature,
  type DisclosedEventEntry,
  type DisclosureRule,
  type JsonObject,
  type JsonValue,
  type ManifestIndexEntry,
  type ManifestStream,
  type SectionName,
  type UnsignedManifest,
  type WithheldEventEntry,
} from './bundle/format.js';
export { bundleJsonBytes, bundleJsonChunks, canonicalJson, manifestSigningBytes, sectionHash, sha256Hex } from './bundle/canonical.js';
export { BundleKeyInvalid, ed25519PublicKey, keyFingerprint, publicKeyPem, signerFromPrivateKey, type BundleSigner } from './bundle/signing.js';
export {
  BundleSigningKeyUnusable,
  bundleSigningKeyPath,
  bundleSigningPublicKeyPath,
  loadBundleSigner,
  loadOrCreateBundleSigningKey,
  type LoadedBundleSigner,
} from './bundle/signing-key.js';
export { BundleExportFailed, BundleSourceInvalid, ExportBusy, ExportTooLarge, PdfRenderingFailed, SectionFailed, WithheldContentInSection, type FailedRecord } from './bundle/errors.js';
export {
  buildAuditBundle,
  buildPublicRecordsBundle,
  disclosedEventIds,
  recordedClassification,
  type BuildBundleInput,
  type EffectiveClassification,
} from './bundle/builder.js';
export {
  BundleUnreadable,
  formatVerificationReport,
  notIntactSummary,
  readBundleFile,
  verifyBundle,
  type ProblemKind,
  type StreamVerdict,
  type VerificationProblem,
  type VerificationReport,
  type VerifyOptions,
} from '#bundle-verifier';
export type { BundleContentInput, BundleContentProvider, SectionProducer } from './content/provider.js';
export { defaultContentProvider, type DefaultContentOptions } from './content/default-provider.js';
export { authorOf, describeWithoutContent, humanizeType, summarizeEvent } from './content/describe.js';
export * from './content/sections.js';
export { renderBundlePdf, type RenderPdfOptions } from './pdf/render-pdf.js';
export { NegotiationExports, RECORDS_OPTIONS, recordsOptions, type ExportedFile, type ExportReader, type NegotiationExport, type RecordsOptions } from './export/negotiation-exports.js';
export { buildNegotiationBundle, type BundleRequest } from './export/negotiation-bundle.js';
export { STANDALONE_VERIFIER_FILES, standaloneVerifiers, type StandaloneVerifierFile } from './export/standalone-verifiers.js';
export { RecordsModule } from './application/records.module.js';
export { AUDIT_FILE_RESOURCE, PUBLIC_RECORDS_FILE_RESOURCE } from './application/records.controller.js';
export {
  CHECKPOINT_FORMAT,
  checkCheckpoint,
  checkCheckpointTimestamp,
  checkRecordAgainstCheckpoint,
  inclusionProof,
  leafHash,
  merkleRoot,
  advanceRecordHeads,
  readRecordHeads,
  signCheckpoint,
  takeCheckpoint,
  timestampCheckpoint,
  treeHeadBytes,
  treeHeadOf,
  type CheckpointTreeHead,
  type CheckpointProblem,
  type RecordCheckpoint,
  type RecordHeads,
  type StreamHead,
  type UnsignedCheckpoint,
} from './checkpoint/checkpoint.js';
export { checkTimestampToken, requestTimestamp, type CheckedTimestamp, type CheckpointTimestamp, type CheckpointTimestampFailure } from './checkpoint/timestamp.js';
export { CHECKPOINT_STREAM, RECORD_CHECKPOINTED, RecordCheckpointer, checkpointFileName, type PublishedCheckpoint } from './checkpoint/checkpointer.js';
export { CheckpointSchedule } from './checkpoint/checkpoint-schedule.js';
export { CHECKPOINT_SECTION, checkpointSection, latestCheckpoint, type CheckpointSection, type FoundCheckpoint, type ProvenHead } from './checkpoint/checkpoint-proofs.js';
export { treeHeadSigned, verifyCheckpointSection, verifyInclusion, type CheckpointSectionReport } from '#bundle-verifier';
