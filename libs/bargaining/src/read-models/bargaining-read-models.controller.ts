import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiHeader, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AccessCtx, type AccessContext } from '#access';
import { CurrentActor } from '#auth';
import { CLOCK, type Clock } from '#platform';
import { type Actor, calendarDay } from '#kernel';
import { BargainingReadModels } from './bargaining-read-models.service.js';
import { ArticleHistoryQuery, AsOfQuery, NegotiationSummariesQuery, UnitDashboardsQuery } from './dto.js';

/*
 * Read-only routes over the bargaining read models. Any authenticated role may call them; what each
 * answers is filtered by the caller's clearance, and a record the caller may not see at all is a 404.
 * (GET /negotiations/:id itself belongs to the write side.)
 */

const CLEARANCE_NOTE = 'Filtered by the caller’s clearance: facts the caller may not read are left out; a record it may not see at all answers 404.';
const READ_POLICY_NOTE =
  'Read through the read policy: each fact by its classification in effect today; every confidential or privileged fact shown is logged in the access log; ' +
  'privileged facts are shown only with X-Access-Purpose (withheldForPurpose counts those left out); an article with nothing the caller may read answers 404.';
const PURPOSE_HEADER = ApiHeader({ name: 'X-Access-Purpose', required: false, description: 'Why the caller reads (recorded in the access log). Privileged facts are shown only with it.' });

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

  @Get('negotiations/:id/summary')
  @ApiOperation({ summary: 'A negotiation’s status and stage, days at the table, sessions, proposals by side, open articles, TAs and settlement steps', description: CLEARANCE_NOTE })
  @ApiParam({ name: 'id', example: 'bayview_2025' })
  @ApiOkResponse({ description: 'The negotiation summary as of asOf' })
  summary(@Param('id') id: string, @Query() query: AsOfQuery, @CurrentActor() actor: Actor) {
    return this.readModels.summary(id, actor, this.asOf(query));
  }

  @Get('negotiation-summaries')
  @ApiOperation({ summary: 'Negotiation summaries, filtered by unit, status or stage, a page at a time in a stable order', description: CLEARANCE_NOTE })
  @ApiOkResponse({ description: '{ items, nextCursor }' })
  summaries(@Query() query: NegotiationSummariesQuery, @CurrentActor() actor: Actor) {
    const { unitId, status, stage, sort, limit, cursor } = query;
    return this.readModels.summaries({ unitId, status, stage, sort, limit, cursor }, actor, this.asOf(query));
  }

  @Get('negotiations/:id/articles')
  @PURPOSE_HEADER
  @ApiOperation({ summary: 'The articles of a negotiation, each with both sides’ standing positions (full text) and its TA', description: READ_POLICY_NOTE })
  @ApiParam({ name: 'id', example: 'bayview_2025' })
  articles(@Param('id') id: string, @AccessCtx() access: AccessContext) {
    return this.readModels.articles(id, access);
  }

  @Get('negotiations/:id/articles/:article/history')
  @ApiOperation({
    summary: 'The chain of each side’s positions on one article, with full text, records, corrections and word-level diffs',
    description: `Proposals, counterproposals, packages, withdrawals, package reversions and TAs. Each position carries a word diff against the same side’s previous position. ${READ_POLICY_NOTE}`,
  })
  @PURPOSE_HEADER
  @ApiParam({ name: 'id', example: 'bayview_2025' })
  @ApiParam({ name: 'article', example: '24', description: 'The article label as recorded (URL-encoded)' })
  articleHistory(@Param('id') id: string, @Param('article') article: string, @Query() query: ArticleHistoryQuery, @AccessCtx() access: AccessContext) {
    return this.readModels.articleHistory(id, article, access, query.order ?? 'occurred');
  }

  @Get('units/:id/dashboard')
  @ApiOperation({ summary: 'A bargaining unit’s dashboard: active negotiations, last activity, TAs pending, days at the table, overdue information requests', description: CLEARANCE_NOTE })
  @ApiParam({ name: 'id', example: 'bayview_teachers' })
  unitDashboard(@Param('id') id: string, @Query() query: AsOfQuery, @CurrentActor() actor: Actor) {
    return this.readModels.unitDashboard(id, actor, this.asOf(query));
  }

  @Get('dashboard/units')
  @ApiOperation({ summary: 'Every registered unit’s dashboard, by unit name, a page at a time', description: CLEARANCE_NOTE })
  @ApiOkResponse({ description: '{ items, nextCursor }' })
  unitDashboards(@Query() query: UnitDashboardsQuery, @CurrentActor() actor: Actor) {
    return this.readModels.unitDashboards({ limit: query.limit, cursor: query.cursor }, actor, this.asOf(query));
  }
}
