/*
 * The bargaining context's public API: the pure domain of bargaining units (`unit-<id>`) and
 * negotiations (`negotiation-<id>`). decide refuses only the impossible, with a BargainingErrorCode;
 * what is consistent but odd on the negotiation's own terms comes back from `warnings`
 * (NegotiationWarningCode), breaches of statute and ground rules from #compliance through the
 * StatutoryWarnings port; neither is stored; `classify` marks each event public / internal / confidential / privileged with its basis.
 * Each negotiation command yields one event; a proposal with costing yields two (ProposalCostingRecorded, confidential).
 */
export {
  type AgreementTerm,
  CALIFORNIA_STATUTES,
  CONNECTICUT_STATUTES,
  type CostLine,
  type CostLineInput,
  type DocumentRef,
  type IsoDate,
  SIDES,
  STATUTES,
  type Side,
  type Statute,
  byArticle,
  isIsoDate,
  otherSide,
} from './domain/common.js';
export * from './domain/errors.js';
export * from './domain/ids.js';
export * from './domain/unit.js';
export * from './domain/demand-to-bargain.js';
export * from './domain/negotiation/events.js';
export * from './domain/negotiation/commands.js';
export {
  type ArticlePositions,
  type CorrectionNote,
  type FactfindingRecord,
  type ImpasseRecord,
  type NegotiationRecord,
  type NegotiationState,
  type OpenedNegotiation,
  type ProposalForm,
  type ProposalRecord,
  type SessionRecord,
  type SettlementRecord,
  type SunshineRecord,
  type TaSignature,
  type TentativeAgreementRecord,
  type ComputePart,
  currentPosition,
  evolveNegotiation,
  evolveNegotiationSharing,
  initialNegotiationState,
  taIsComplete,
} from './domain/negotiation/state.js';
export { decideNegotiation } from './domain/negotiation/decide.js';
export { NegotiationWarningCode, negotiationWarnings } from './domain/negotiation/warnings.js';
export { classifyNegotiationEvent } from './domain/negotiation/classify.js';
export { actingSideOf, articlesNamedBy, asNegotiationEvent, negotiationBusinessDay, negotiationBusinessDayField } from './domain/negotiation/accessors.js';
export { SETTLEMENT_STEPS, type NegotiationStage, type SettlementStep, type TableSummary, negotiationStage, tableSummary } from './domain/negotiation/summary.js';
export { negotiationDecider } from './domain/negotiation/decider.js';

// Read models: negotiation-summary, article-history, unit-directory projections; query routes; unit dashboard.
export * from './read-models/index.js';

// The application layer: HTTP routes for units and negotiations, CommandBus commands and handlers, clearance-filtered reads.
export { BargainingModule } from './application/bargaining.module.js';
export * from './application/commands.js';
export { BargainingApplicationErrorCode } from './application/errors.js';
export { StatutoryWarnings } from './application/statutory-warnings.port.js';
export { BargainingRecords, type VisibleNegotiation } from './application/records.js';
export { SharedParts } from './read-models/shared-parts.js';
export { BARGAINING_IMPORTABLE_COMMANDS } from './application/importable.js';
