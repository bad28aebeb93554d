/*
 * The bargaining context's public API: the pure domain of bargaining units (`unit-<id>`) and
 * negotiations (`negotiation-<id>`). decide refuses only the impossible, with a BargainingErrorCode;
 * breaches of statute or ground rules come back from `warnings` (NegotiationWarningCode) and are never
 * stored; `classify` marks each event public / internal / confidential / privileged with its basis.
 * Each negotiation command yields exactly one event.
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
  currentPosition,
  evolveNegotiation,
  initialNegotiationState,
  taIsComplete,
} from './domain/negotiation/state.js';
export { decideNegotiation } from './domain/negotiation/decide.js';
export { NegotiationWarningCode, negotiationWarnings } from './domain/negotiation/warnings.js';
export { classifyNegotiationEvent } from './domain/negotiation/classify.js';
export { SETTLEMENT_STEPS, type NegotiationStage, type SettlementStep, type TableSummary, negotiationStage, tableSummary } from './domain/negotiation/summary.js';
export { negotiationDecider } from './domain/negotiation/decider.js';
