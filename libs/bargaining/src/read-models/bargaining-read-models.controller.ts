import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AccessCtx, type AccessContext } from '#access';
import { CurrentActor } from '#auth';
import { ApiOkSchema, CLOCK, type Clock, OperationId } from '#platform';
import { type Actor, calendarDay } from '#kernel';
import { BargainingReadModels, UNIT_CARD_NEGOTIATIONS } from './bargaining-read-models.service.js';
import {
  ARTICLE_BOARD_SCHEMAS,
  ARTICLE_CHAIN_SCHEMAS,
  DEMAND_TO_BARGAIN_PAGE_SCHEMAS,
  NEGOTIATION_SUMMARY_PAGE_SCHEMAS,
  NEGOTIATION_SUMMARY_SCHEMAS,
  UNIT_DASHBOARD_PAGE_SCHEMAS,
  UNIT_DASHBOARD_SCHEMAS,
} from './openapi.js';
import { ArticleHistoryQuery, AsOfQuery, NegotiationSummariesQuery, UnitDashboardQuery, UnitDashboardsQuery, UnitDemandsQuery } from './dto.js';

/*
 * Read-only routes over the bargaining read models. Any authenticated role may call them; what each
 * answers is filtered by the caller's clearance, and a record the caller may not see at all is a 404.
 * (GET /negotiations/:negotiationId itself belongs to the write side.)
 */

const CLEARANCE_NOTE = 'Filtered by the caller’s clearance: facts the caller may not read are left out; a record it may not see at all answers 404.';
const READ_POLICY_NOTE =
  'Read through the read policy: each fact by its classification in effect today; every confidential or privileged fact shown is logged in the access log; ' +
  'privileged facts are shown only with X-Access-Purpose (withheldForPurpose counts those left out); an article with nothing the caller may read answers 404.';

@ApiTags('bargaining read models')
@ApiBearerAuth()
@Controller()
export class BargainingReadModelsController {
  constructor(
    @Inject(BargainingReadModels) private readonly readModels: BargainingReadModels,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private asOf(query: AsOfQuery): string {
    return query.asOf ?? calendarDay(this.clock.now().toISOString());
  }

  @Get('negotiations/:negotiationId/summary')
  @OperationId('negotiationSummary')
  @ApiOperation({ summary: 'A negotiation’s status and stage, days at the table, sessions, proposals by side, open articles, TAs and settlement steps', description: CLEARANCE_NOTE })
  @ApiParam({ name: 'negotiationId', example: 'bayview_2025' })
  @ApiOkSchema('NegotiationSummary', NEGOTIATION_SUMMARY_SCHEMAS, 'The negotiation summary as of asOf')
  summary(@Param('negotiationId') id: string, @Query() query: AsOfQuery, @CurrentActor() actor: Actor) {
    return this.readModels.summary(id, actor, this.asOf(query));
  }

  @Get('negotiation-summaries')
  @OperationId('negotiationSummaries')
  @ApiOperation({ summary: 'Negotiation summaries, filtered by unit, status or stage, a page at a time in a stable order', description: CLEARANCE_NOTE })
  @ApiOkSchema('NegotiationSummaryPage', NEGOTIATION_SUMMARY_PAGE_SCHEMAS)
  summaries(@Query() query: NegotiationSummariesQuery, @CurrentActor() actor: Actor) {
    const { unitId, status, stage, sort, limit, cursor } = query;
    return this.readModels.summaries({ unitId, status, stage, sort, limit, cursor }, actor, this.asOf(query));
  }

  @Get('negotiations/:negotiationId/articles')
  @OperationId('articleBoard')
  @ApiOperation({ summary: 'The articles of a negotiation, each with both sides’ standing positions (full text) and its TA', description: READ_POLICY_NOTE })
  @ApiParam({ name: 'negotiationId', example: 'bayview_2025' })
  @ApiOkSchema('ArticleBoard', ARTICLE_BOARD_SCHEMAS)
  articles(@Param('negotiationId') id: string, @AccessCtx() access: AccessContext) {
    return this.readModels.articles(id, access);
  }

  @Get('negotiations/:negotiationId/articles/:article/history')
  @ApiOperation({
    summary: 'The chain of each side’s positions on one article, with full text, records, corrections and word-level diffs',
    description:
      'Proposals, counterproposals, packages, withdrawals, package reversions and TAs. Each position carries a word diff against the same side’s previous position. ' +
      'With limit, only the latest entries (before `before`): entryCount counts the whole chain and olderBefore asks for the entries before these. ' +
      READ_POLICY_NOTE,
  })
  @ApiParam({ name: 'negotiationId', example: 'bayview_2025' })
  @ApiParam({ name: 'article', example: '24', description: 'The article label as recorded (URL-encoded)' })
  @ApiOkSchema('ArticleChain', ARTICLE_CHAIN_SCHEMAS)
  articleHistory(@Param('negotiationId') id: string, @Param('article') article: string, @Query() query: ArticleHistoryQuery, @AccessCtx() access: AccessContext) {
    return this.readModels.articleHistory(id, article, access, query.order ?? 'occurred', { limit: query.limit, before: query.before });
  }

  @Get('units/:unitId/dashboard')
  @ApiOperation({
    summary: 'A bargaining unit’s dashboard: active negotiations, last activity, TAs pending, days at the table, overdue information requests',
    description:
      'The figures are the whole unit’s; activeNegotiations (longest at the table first, then by negotiation id) come a page at a time: nextCursor, ' +
      'with the same asOf, asks for the next page of them. ' +
      CLEARANCE_NOTE,
  })
  @ApiParam({ name: 'unitId', example: 'bayview_teachers' })
  @ApiOkSchema('UnitDashboard', UNIT_DASHBOARD_SCHEMAS)
  unitDashboard(@Param('unitId') id: string, @Query() query: UnitDashboardQuery, @CurrentActor() actor: Actor) {
    return this.readModels.unitDashboard(id, actor, this.asOf(query), { limit: query.limit, cursor: query.cursor });
  }

  @Get('dashboard/units')
  @ApiOperation({
    summary: 'Every registered unit’s dashboard, by unit name, a page at a time',
    description: `Each unit with its first ${UNIT_CARD_NEGOTIATIONS} active negotiations; its nextCursor asks GET /units/{unitId}/dashboard (same asOf) for the rest. ${CLEARANCE_NOTE}`,
  })
  @ApiOkSchema('UnitDashboardPage', UNIT_DASHBOARD_PAGE_SCHEMAS)
  unitDashboards(@Query() query: UnitDashboardsQuery, @CurrentActor() actor: Actor) {
    return this.readModels.unitDashboards({ limit: query.limit, cursor: query.cursor }, actor, this.asOf(query));
  }

  @Get('units/:unitId/demands-to-bargain')
  @OperationId('unitDemandsToBargain')
  @ApiOperation({
    summary: 'A unit’s demands to bargain, newest first (by the day demanded), each with its answer and the negotiations opened on it',
    description: `From the demands-to-bargain read model; each demand is the answer GET /demands-to-bargain/:demandId gives. 404 UNIT_NOT_FOUND. ${READ_POLICY_NOTE}`,
  })
  @ApiParam({ name: 'unitId', example: 'bayview_teachers' })
  @ApiOkSchema('DemandToBargainPage', DEMAND_TO_BARGAIN_PAGE_SCHEMAS)
  unitDemands(@Param('unitId') id: string, @Query() query: UnitDemandsQuery, @AccessCtx() access: AccessContext) {
    return this.readModels.unitDemands(id, { limit: query.limit, cursor: query.cursor }, access);
  }
}
