import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min, ValidateBy, type ValidationOptions, buildMessage } from 'class-validator';
import { isIsoDate } from '../domain/common.js';
import { isBargainingId } from '../domain/ids.js';
import type { NegotiationStage } from '../domain/negotiation/summary.js';
import { CHAIN_ORDERS, type ChainOrder } from './article-chain.js';
import { DEFAULT_PAGE_SIZE, MAX_CHAIN_PAGE, MAX_PAGE_SIZE, SUMMARY_SORTS, type SummarySort } from './bargaining-read-models.service.js';
import { PageLimit } from '#platform';

/** A real calendar day written YYYY-MM-DD (2025-02-30 is not one). */
function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: (value) => isIsoDate(value),
        defaultMessage: buildMessage((each) => `${each}$property must be a calendar date YYYY-MM-DD`, options),
      },
    },
    options,
  );
}

/** A UUID or [A-Za-z0-9_]+ (at most 100): the shape of every bargaining id. */
function IsBargainingId(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isBargainingId',
      validator: {
        validate: (value) => isBargainingId(value),
        defaultMessage: buildMessage(() => '$property must be a UUID or letters, digits and underscores (at most 100)', options),
      },
    },
    options,
  );
}

export const NEGOTIATION_STAGES = [
  'at-table',
  'impasse-declared',
  'mediation',
  'factfinding',
  'factfinding-report-issued',
  'factfinding-report-public',
  'offer-imposed',
  'settlement-reached',
  'ratified',
  'approved',
  'agreement-executed',
  'concluded',
] as const satisfies readonly NegotiationStage[];

export const SUMMARY_STATUSES = ['open', 'concluded'] as const;

export class AsOfQuery {
  @ApiPropertyOptional({ type: String, format: 'date', example: '2025-06-30', description: 'The day to count days at the table to. Default: today (UTC).' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

class PageQuery extends AsOfQuery {
  @PageLimit(MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page (same filters and sort)' })
  @IsOptional()
  @IsString()
  @MaxLength(600)
  cursor?: string;
}

export class NegotiationSummariesQuery extends PageQuery {
  @ApiPropertyOptional({ example: 'bayview_teachers' })
  @IsOptional()
  @IsBargainingId()
  unitId?: string;

  @ApiPropertyOptional({ enum: SUMMARY_STATUSES })
  @IsOptional()
  @IsIn(SUMMARY_STATUSES)
  status?: (typeof SUMMARY_STATUSES)[number];

  @ApiPropertyOptional({ enum: NEGOTIATION_STAGES })
  @IsOptional()
  @IsIn(NEGOTIATION_STAGES)
  stage?: (typeof NEGOTIATION_STAGES)[number];

  @ApiPropertyOptional({ enum: SUMMARY_SORTS, default: 'last-activity', description: 'last-activity and opened-on: newest first; negotiation-id: ascending. Ties break on the negotiation id.' })
  @IsOptional()
  @IsIn(SUMMARY_SORTS)
  sort?: SummarySort;
}

export class UnitDashboardsQuery extends PageQuery {}

/** A page of the unit's active negotiations (the cursor names the asOf it was issued for). */
export class UnitDashboardQuery extends PageQuery {}

export class UnitDemandsQuery {
  @PageLimit(MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(600)
  cursor?: string;
}

export class ArticleHistoryQuery {
  @ApiPropertyOptional({
    enum: CHAIN_ORDERS,
    default: 'occurred',
    description: 'occurred: business time (as corrected), then recording order; recorded: system time. Diffs always compare with the same side’s previous position in business time.',
  })
  @IsOptional()
  @IsIn(CHAIN_ORDERS)
  order?: ChainOrder;

  @ApiPropertyOptional({
    minimum: 1,
    maximum: MAX_CHAIN_PAGE,
    description: 'Answer only the latest this many entries (before `before`, when given); entryCount and olderBefore say what is left. Default: every entry.',
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_CHAIN_PAGE)
  limit?: number;

  @ApiPropertyOptional({ description: 'An entryId of the chain (olderBefore of an earlier answer, same order): answer only the entries before it' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  before?: string;
}
