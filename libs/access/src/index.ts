/*
 * The access context: classification changes with an effective date (stream
 * `classification-<negotiationId>`), every record's classification on any day, the one read policy
 * every read path applies, and the access log (`accesslog-<negotiationId>`). It imports no other
 * bounded context, so each of them can import it.
 */
export { AccessErrorCode } from './domain/errors.js';
export {
  ACCESS_LOG_STREAM_CATEGORY,
  CLASSIFICATION_STREAM_CATEGORY,
  OUTSIDE_NEGOTIATIONS,
  accessLogStream,
  classificationStream,
  negotiationOfRecord,
} from './domain/ids.js';
export {
  type AutomaticRule,
  type ChangeSource,
  type ClassificationBook,
  type ClassificationChange,
  type ClassificationStep,
  type ClassifiedRecord,
  type FactRecord,
  automaticClassificationChanges,
  classificationBook,
  classificationHistory,
  effectiveClassification,
  inEffectOrder,
  moreRestrictive,
} from './domain/effective-classification.js';
export {
  CLASSIFIERS,
  type ChangeClassification,
  type ClassificationChanged,
  type ClassificationCommand,
  type ClassificationEvent,
  type ClassificationState,
  type ClassificationTarget,
  changeOf,
  classificationDecider,
  classifyClassificationEvent,
  decideClassification,
  evolveClassification,
  initialClassificationState,
} from './domain/classification-change.js';
export {
  ACCESS_LOG_CLASSIFICATION,
  ACCESS_OUTCOMES,
  SENSITIVE_LEVELS,
  type AccessDecision,
  type AccessOutcome,
  type AccessReason,
  type RecordAccessed,
  accessDecision,
} from './domain/access-log.js';

export { ACCESS_PURPOSE_HEADER, AccessCtx, type AccessContext, accessPurpose } from './application/access-context.js';
export { AccessLog, type AccessEntry, type AccessLogEntryView, type AccessLogFilter, type AccessLogPage } from './application/access-log.js';
export { ReadPolicy, type AuthorizeOptions, type AuthorizeRecord, type PolicyRecord, type ReadOptions, type Screened } from './application/read-policy.js';
export { KeptForReaders, NegotiationFiles, type NegotiationFile, type NegotiationFileStreams, type ReadFileOptions, negotiationFile, recordedChanges } from './application/negotiation-files.js';
export {
  Classifications,
  type ClassificationChangeView,
  type ClassificationRegister,
  type RegisterEntry,
  type RegisterStep,
} from './application/classifications.js';
export { AccessModule, ReadPolicyModule } from './application/access.module.js';
