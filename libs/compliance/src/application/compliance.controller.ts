import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, Roles } from '#auth';
import { CLOCK, type Clock, OperationId } from '#platform';
import { type Actor, ROLES, calendarDay } from '#kernel';
import {
  ComplianceFlagsQuery,
  ComplianceFlagsView,
  NegotiationComplianceQuery,
  NegotiationComplianceView,
  NegotiationParams,
  RuleSetView,
} from './compliance.dto.js';
import { ComplianceQuery, type ComplianceFlagsView as FlagsView, type NegotiationComplianceView as NegotiationView } from './compliance.query.js';

@ApiTags('compliance')
@Controller()
export class ComplianceController {
  constructor(
    @Inject(ComplianceQuery) private readonly compliance: ComplianceQuery,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  private today(): string {
    return calendarDay(this.clock.now().toISOString());
  }

  @Get('negotiations/:negotiationId/compliance')
  @OperationId('negotiationCompliance')
  @Roles(...ROLES)
  @ApiOperation({
    summary: "A negotiation's compliance flags as of a day, under its statute's rule set",
    description:
      'Computed at query time from the recorded facts (never stored). Includes the information requests linked to the negotiation, and those of its ' +
      'unit linked to none received while it was open. Flags resting on facts the caller may not read are left out. 404 when unknown or not visible; ' +
      "422 RULE_SET_NOT_FOR_STATUTE for a rule set of another statute.",
  })
  @ApiOkResponse({ type: NegotiationComplianceView })
  negotiation(@Param() params: NegotiationParams, @Query() query: NegotiationComplianceQuery, @CurrentActor() actor: Actor): Promise<NegotiationView> {
    return this.compliance.negotiation(params.negotiationId, query.asOf ?? this.today(), query.ruleSet, actor);
  }

  @Get('compliance/flags')
  @OperationId('complianceFlags')
  @Roles(...ROLES)
  @ApiOperation({
    summary: "Compliance flags across a unit's (or every unit's) negotiations and information requests, as of a day, a page of subjects at a time",
    description:
      "Each negotiation under its statute's current rule set; requests linked to no negotiation of the unit under the unit's statute. Filtered by clearance. " +
      'A page evaluates up to `limit` subjects: negotiations by id, then each unit’s requests linked to none of its negotiations, by unit id. ' +
      'Its flags (ordered by day raised, rule, negotiation, request), summary, evaluated and notEvaluated are those subjects’; ' +
      'the pages’ flags together, in that order, their summaries added, their evaluated and notEvaluated in page order, are the whole answer.',
  })
  @ApiOkResponse({ type: ComplianceFlagsView })
  flags(@Query() query: ComplianceFlagsQuery, @CurrentActor() actor: Actor): Promise<FlagsView> {
    return this.compliance.flags({ unitId: query.unitId, limit: query.limit, cursor: query.cursor }, query.asOf ?? this.today(), actor);
  }

  @Get('compliance/rule-sets')
  @OperationId('complianceRuleSets')
  @Roles(...ROLES)
  @ApiOperation({ summary: 'The rule sets, their versions, thresholds and rules (id, citation, what each checks)' })
  @ApiOkResponse({ type: [RuleSetView] })
  ruleSets(): RuleSetView[] {
    return this.compliance.ruleSets().map((set) => ({
      id: set.id,
      statute: set.statute,
      version: set.version,
      description: set.description,
      parameters: { ...set.parameters },
      rules: set.rules.map(({ id, scope, title, citation, description }) => ({ id, scope, title, citation, description })),
    }));
  }
}
