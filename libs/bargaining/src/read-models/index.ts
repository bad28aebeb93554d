// The bargaining read models: projections (pure evolve), query service, Nest module with query routes.
export { BARGAINING_PROJECTIONS } from './projections.js';
export {
  type ClearanceView,
  type LastActivity,
  type NegotiationSummary,
  type NegotiationSummaryDoc,
  evolveNegotiationSummary,
  negotiationSummaryFor,
  negotiationSummaryProjection,
  viewAt,
} from './negotiation-summary.js';
export {
  type ArticleDoc,
  type ArticleFact,
  type ArticleHistoryDoc,
  type CorrectionFact,
  type CostingFact,
  type Disposition,
  type NegotiationLedgerDoc,
  ARTICLE_PAGE_REVISIONS,
  articleHistoryProjection,
  articleKey,
  evolveArticleHistory,
  ledgerKey,
  mergeArticlePages,
} from './article-history.js';
export {
  CHAIN_ORDERS,
  type ArticleChain,
  type ArticleChainEntry,
  type ArticleChainPage,
  type ArticleStatus,
  type ArticleSummary,
  type ChainOrder,
  type ChainReading,
  type ChainWindow,
  type CorrectionShown,
  type PositionChange,
  type StandingPosition,
  articleChain,
  articleChainsOf,
  articleSummary,
  chainPage,
  chainPageRecordIds,
  chainRecordIds,
} from './article-chain.js';
export { type DemandRecord, type DemandToBargainDoc, type DemandToBargainEntry, demandEntry, demandsToBargainProjection, evolveDemandDoc } from './demands-to-bargain.js';
export { type UnitDirectoryDoc, evolveUnitDirectory, unitDirectoryProjection } from './unit-directory.js';
export { UNIT_OVERDUE_REQUESTS, type ActiveNegotiationLine, type UnitDashboard, type UnitOverdueRequests, unitDashboard } from './unit-dashboard.js';
export { type WordDiffOp, type WordDiffPart, rememberedWordDiff, wordDiff } from './word-diff.js';
export {
  ARTICLES_RESOURCE,
  ARTICLE_HISTORY_RESOURCE,
  UNIT_DEMANDS_RESOURCE,
  BargainingReadModelErrorCode,
  BargainingReadModels,
  SUMMARY_SORTS,
  type ReadModelPage,
  type SummarySort,
  type WithheldForPurpose,
} from './bargaining-read-models.service.js';
export { BargainingReadModelsModule } from './bargaining-read-models.module.js';
