import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength, ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';
import { PageLimit } from '#platform';
import { DEFAULT_FLAG_SUBJECTS, MAX_FLAG_SUBJECTS } from './compliance.query.js';
import { isIsoDate } from '#information-requests';
import { RULE_SETS } from '../rules/rule-sets.js';
import { SEVERITIES } from '../rules/types.js';

const RECORD_ID = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9_]{1,100})$/;
export const RULE_SET_IDS = RULE_SETS.map((set) => set.id);

function IsCalendarDay(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isCalendarDay', validator: { validate: (value) => isIsoDate(value), defaultMessage: buildMessage(() => '$property must be a calendar date YYYY-MM-DD', options) } },
    options,
  );
}

export class ComplianceAsOfQuery {
  @ApiPropertyOptional({ type: String, format: 'date', example: '2026-01-31', description: 'Business day to evaluate as of (facts dated on or before it). Default: today (UTC).' })
  @IsOptional()
  @IsCalendarDay()
  asOf?: string;
}

export class NegotiationComplianceQuery extends ComplianceAsOfQuery {
  @ApiPropertyOptional({ enum: RULE_SET_IDS, description: "A rule set version for the negotiation's statute. Default: the statute's current one." })
  @IsOptional()
  @IsIn(RULE_SET_IDS)
  ruleSet?: string;
}

export class ComplianceFlagsQuery extends ComplianceAsOfQuery {
  @ApiPropertyOptional({ example: 'bayview_teachers', description: 'One unit; every unit when absent' })
  @IsOptional()
  @IsString()
  @Matches(RECORD_ID, { message: '$property must be a UUID or letters, digits and underscores (at most 100)' })
  unitId?: string;

  @PageLimit(MAX_FLAG_SUBJECTS, DEFAULT_FLAG_SUBJECTS)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (same unitId and asOf)' })
  @IsOptional()
  @IsString()
  @MaxLength(600)
  cursor?: string;
}

export class NegotiationParams {
  @ApiProperty({ example: 'bayview_2025' })
  @IsString()
  negotiationId: string;
}

export class FlaggedFactView {
  @ApiProperty() eventId: string;
  @ApiProperty({ example: 'SessionHeld' }) type: string;
  @ApiProperty({ example: 'negotiation-bayview_2025' }) stream: string;
  @ApiProperty({ type: String, format: 'date' }) on: string;
  @ApiProperty({ type: String, format: 'date-time' }) recordedAt: string;
  @ApiProperty({ example: 'session', description: 'What the fact is to the flag' }) as: string;
  @ApiProperty({ type: [String], description: 'Corrections that changed it, by event id' }) correctedBy: string[];
}

export class ComplianceFlagView {
  @ApiProperty({ example: 'eera.session-before-sunshine' }) ruleId: string;
  @ApiProperty({ example: 'eera.v1' }) ruleSet: string;
  @ApiProperty({ example: 'EERA' }) statute: string;
  @ApiProperty({ example: 'Gov. Code 3547(a)-(c)' }) citation: string;
  @ApiProperty() title: string;
  @ApiProperty({ enum: SEVERITIES }) severity: string;
  @ApiProperty() unitId: string;
  @ApiProperty({ type: String, nullable: true }) negotiationId: string | null;
  @ApiProperty({ type: String, nullable: true }) requestId: string | null;
  @ApiProperty({ type: String, format: 'date', description: 'The day of the breach, or the first day a missed deadline had passed' }) raisedOn: string;
  @ApiProperty() message: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'string', format: 'date' }, example: { heldOn: '2025-03-05', employerProposalAdoptedOn: '2025-03-12' } })
  dates: Record<string, string>;
  @ApiProperty({ type: 'object', additionalProperties: true }) details: Record<string, unknown>;
  @ApiProperty({ type: [FlaggedFactView] }) facts: FlaggedFactView[];
  @ApiProperty({ enum: ['public', 'internal', 'confidential', 'privileged'], description: 'The highest classification among its facts' }) classification: string;
}

class RuleSetRefView {
  @ApiProperty({ example: 'eera.v1' }) id: string;
  @ApiProperty({ example: 'EERA' }) statute: string;
  @ApiProperty({ example: 1 }) version: number;
}

class FlagSummaryView {
  @ApiProperty() total: number;
  @ApiProperty({ type: 'object', properties: { low: { type: 'integer' }, medium: { type: 'integer' }, high: { type: 'integer' } } }) bySeverity: Record<string, number>;
}

class NotEvaluatedView {
  @ApiProperty() ruleId: string;
  @ApiProperty({ type: String, nullable: true }) negotiationId: string | null;
  @ApiProperty() reason: string;
  @ApiPropertyOptional({ enum: [true], description: 'Present when the rule cannot decide because a date is known only as a month, a year, a range or a bound' }) impreciseDate?: true;
}

export class NegotiationComplianceView {
  @ApiProperty() negotiationId: string;
  @ApiProperty() unitId: string;
  @ApiProperty() statute: string;
  @ApiProperty({ type: String, format: 'date' }) asOf: string;
  @ApiProperty({ type: RuleSetRefView, nullable: true }) ruleSet: RuleSetRefView | null;
  @ApiProperty({ type: [ComplianceFlagView] }) flags: ComplianceFlagView[];
  @ApiProperty({ type: FlagSummaryView }) summary: FlagSummaryView;
  @ApiProperty({ type: [NotEvaluatedView] }) notEvaluated: NotEvaluatedView[];
  @ApiProperty({ type: 'array', items: { type: 'object', properties: { requestId: { type: 'string' }, link: { type: 'string', enum: ['negotiation', 'unit'] } } } })
  informationRequests: { requestId: string; link: string }[];
}

export class ComplianceFlagsView {
  @ApiProperty({ type: String, format: 'date' }) asOf: string;
  @ApiProperty({ type: String, nullable: true }) unitId: string | null;
  @ApiProperty({ type: [ComplianceFlagView] }) flags: ComplianceFlagView[];
  @ApiProperty({ type: FlagSummaryView }) summary: FlagSummaryView;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Each negotiation (and each unit for its requests linked to no negotiation) with the rule set applied' })
  evaluated: object[];
  @ApiProperty({ type: [NotEvaluatedView] }) notEvaluated: NotEvaluatedView[];
  @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page of subjects; null on the last' }) nextCursor: string | null;
}

export class RuleView {
  @ApiProperty() id: string;
  @ApiProperty({ enum: ['negotiation', 'information-request'] }) scope: string;
  @ApiProperty() title: string;
  @ApiProperty() citation: string;
  @ApiProperty() description: string;
}

export class RuleSetView {
  @ApiProperty({ example: 'eera.v1' }) id: string;
  @ApiProperty() statute: string;
  @ApiProperty() version: number;
  @ApiProperty() description: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' } }) parameters: Record<string, number>;
  @ApiProperty({ type: [RuleView] }) rules: RuleView[];
}
