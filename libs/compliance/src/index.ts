/*
 * The compliance context's public API: versioned rule sets per statute (EERA, MMBA) as pure
 * functions over gathered facts, the compliance-facts projection that gathers them, and the HTTP
 * query side. Flags are computed at query time as of a day and never stored in events.
 */
export type {
  IsoDate as ComplianceDay,
  FactRef,
  NegotiationFact,
  NegotiationFactType,
  NegotiationComplianceFacts,
  RequestComplianceFacts,
  RequestFactRef,
  UnitComplianceFacts,
  ComplianceFactsDoc,
  CorrectionFact,
} from './facts/facts.js';
export { evolveNegotiationFacts, evolveRequestFacts, evolveUnitFacts, negotiationFact, negotiationFactsOf, requestFactsOf, GATHERED_NEGOTIATION_EVENT_TYPES } from './facts/gather.js';
export { COMPLIANCE_FACTS, COMPLIANCE_PROJECTIONS, evolveComplianceFacts } from './read-models/compliance-facts.projection.js';
export {
  SEVERITIES,
  type Severity,
  type ComplianceFlag,
  type FlaggedFact,
  type FlagDraft,
  type NotEvaluated,
  type RuleOutcome,
  type NegotiationRule,
  type InformationRequestRule,
  type ComplianceRule,
  type RuleSet,
} from './rules/types.js';
export {
  EERA_V1,
  MMBA_V1,
  RULE_SETS,
  EERA_COST_DISCLOSURE_MINIMUM_LEAD_DAYS,
  UNEXPLAINED_DELAY_DAYS,
  currentRuleSetFor,
  findRuleSet,
} from './rules/rule-sets.js';
export { type ComplianceSubject, type ComplianceEvaluation, type RuleFinding, evaluateCompliance, compareFlags, findingsByRule } from './rules/evaluate.js';
export { ComplianceErrorCode } from './application/errors.js';
export {
  ComplianceQuery,
  type NegotiationComplianceView,
  type ComplianceFlagsView,
  type EvaluatedSubject,
  type FlagSummary,
  type RuleSetRef,
} from './application/compliance.query.js';
export { ComplianceModule } from './application/compliance.module.js';
export { ComplianceStatutoryWarnings, StatutoryWarningsModule, statutoryWarningsOf } from './application/statutory-warnings.js';
