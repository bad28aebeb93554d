/*
 * The legal read models of a negotiation's file, folded from the events: the legal timeline across
 * its streams, and the state of the table as of any day in business or system time.
 */
export {
  type FactIndex,
  type Side,
  articlesOf,
  corrected,
  correctionsByTarget,
  indexFacts,
  sideOf,
} from './facts.js';
export {
  TIME_BASES,
  TIMELINE_ORDERS,
  type CorrectionBeside,
  type FactSource,
  type LateEntry,
  type TimeBase,
  type TimelineFact,
  type TimelineOptions,
  type TimelineOrder,
  lateEntry,
  legalTimeline,
  shownEventIds,
} from './timeline.js';
export {
  AS_OF_BASES,
  type ArticleAsOf,
  type AsOfBasis,
  type AsOfInput,
  type AsOfResult,
  type InformationRequestAsOf,
  type PositionAsOf,
  type TableAsOf,
  type TentativeAgreementAsOf,
  isTableFact,
  tableAsOf,
  inBusinessOrder,
  type UncertainFact,
} from './as-of.js';
export { AS_OF_RESOURCE, FACT_RESOURCE, LEGAL_OPTIONS, LegalRecords, TIMELINE_RESOURCE, type LegalOptions, type TimelineQuery, type TimelineView } from './application/legal-records.js';
export { LegalModule } from './application/legal.module.js';
