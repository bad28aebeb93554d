import type { DocumentProjection } from '#read-store';
import { articleHistoryProjection } from './article-history.js';
import { demandsToBargainProjection } from './demands-to-bargain.js';
import { negotiationSummaryProjection } from './negotiation-summary.js';
import { unitDirectoryProjection } from './unit-directory.js';

/** Every bargaining projection, for ProjectorModule.forRoot({ projections }) and the CLI's rebuild. */
export const BARGAINING_PROJECTIONS: readonly DocumentProjection[] = [
  negotiationSummaryProjection as DocumentProjection,
  articleHistoryProjection as DocumentProjection,
  unitDirectoryProjection as DocumentProjection,
  demandsToBargainProjection as DocumentProjection,
];
