import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageLimit } from '#platform';
import { AS_OF_BASES, type AsOfBasis } from '../as-of.js';
import type { Side } from '../facts.js';
import { TIME_BASES, TIMELINE_ORDERS, type TimeBase, type TimelineOrder } from '../timeline.js';
import { DEFAULT_TIMELINE_PAGE, MAX_TIMELINE_PAGE } from './legal-records.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class LegalNegotiationParams {
  @ApiProperty({ example: 'bayview_2025' })
  @IsString()
  negotiationId: string;
}

export class AsOfParams extends LegalNegotiationParams {
  @ApiProperty({ type: String, format: 'date', example: '2025-06-15' })
  @IsISO8601({ strict: true }, { message: 'date must be a real calendar date' })
  @Matches(DATE, { message: 'date must be a date YYYY-MM-DD' })
  date: string;
}

export class FactParams extends LegalNegotiationParams {
  @ApiProperty({ description: 'The event id of the fact' })
  @IsString()
  @MaxLength(200)
  eventId: string;
}

export class AsOfQuery {
  @ApiPropertyOptional({
    enum: AS_OF_BASES,
    default: 'business',
    description: 'business: as it happened (facts dated on or before the day, every correction applied); system: as the record stood at the end of the day (UTC)',
  })
  @IsOptional()
  @IsIn(AS_OF_BASES)
  basis?: AsOfBasis;
}

export class TimelineQueryDto {
  @ApiPropertyOptional({ type: String, format: 'date', description: 'First day (inclusive) in the time base' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE)
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date', description: 'Last day (inclusive) in the time base' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE)
  to?: string;

  @ApiPropertyOptional({ enum: TIME_BASES, default: 'business', description: 'Which time from and to apply to: occurredAt as corrected (business) or recordedAt (system)' })
  @IsOptional()
  @IsIn(TIME_BASES)
  timeBase?: TimeBase;

  @ApiPropertyOptional({ enum: TIMELINE_ORDERS, description: 'Default: occurredAt for the business time base, recordedAt for the system one' })
  @IsOptional()
  @IsIn(TIMELINE_ORDERS)
  order?: TimelineOrder;

  @ApiPropertyOptional({ example: 'ProposalTabled,CounterproposalTabled', description: 'Fact types, comma-separated' })
  @IsOptional()
  @Matches(/^[A-Za-z]{1,80}(,[A-Za-z]{1,80}){0,60}$/, { message: 'types is a comma-separated list of fact types' })
  types?: string;

  @ApiPropertyOptional({ example: '24', description: 'Only facts concerning this article' })
  @IsOptional()
  @IsString()
  @MaxLength(100)
  article?: string;

  @ApiPropertyOptional({ enum: ['employer', 'union'], description: 'Only acts of this side' })
  @IsOptional()
  @IsIn(['employer', 'union'])
  side?: Side;

  @ApiPropertyOptional({ enum: ['true', 'false'], default: 'false', description: 'Add the access log of the file (records officers)' })
  @IsOptional()
  @IsIn(['true', 'false'])
  includeAccessLog?: 'true' | 'false';

  @PageLimit(MAX_TIMELINE_PAGE, DEFAULT_TIMELINE_PAGE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the page before (same filters, time base and order)' })
  @IsOptional()
  @IsString()
  @MaxLength(600)
  after?: string;

  @ApiPropertyOptional({ description: 'previousCursor of the page after (same filters, time base and order)' })
  @IsOptional()
  @IsString()
  @MaxLength(600)
  before?: string;
}
