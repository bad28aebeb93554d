import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsDefined, IsIn, IsISO8601, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { BusinessTimeDto, PageLimit } from '#platform';
import { CLASSIFICATIONS, type Classification } from '#kernel';
import { ACCESS_OUTCOMES, type AccessOutcome } from '../domain/access-log.js';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export class NegotiationParams {
  @ApiProperty({ example: 'bayview_2025' })
  @IsString()
  negotiationId: string;
}

export class ClassificationMarkDto {
  @ApiProperty({ enum: CLASSIFICATIONS, example: 'public' })
  @IsIn(CLASSIFICATIONS)
  level: Classification;

  @ApiProperty({ example: 'Gov. Code 3547.5 public disclosure of costs', description: 'Why the record carries this level from the effective day on' })
  @IsString()
  @MinLength(1)
  @MaxLength(500)
  basis: string;
}

export class ChangeClassificationDto {
  @ApiProperty({ description: 'The event id of the record (in the negotiation or one of its information requests)' })
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  targetEventId: string;

  @ApiProperty({ type: ClassificationMarkDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => ClassificationMarkDto)
  to: ClassificationMarkDto;

  @ApiProperty({ type: String, format: 'date', example: '2025-11-15', description: 'The day the new classification takes effect (past: it did then; future: it will)' })
  @IsISO8601({ strict: true }, { message: 'effectiveOn must be a real calendar date' })
  @Matches(DATE, { message: 'effectiveOn must be a date YYYY-MM-DD' })
  effectiveOn: string;

  @ApiProperty({ example: 'Costs disclosed at the board meeting of 2026-01-07', description: 'Why; it must not repeat the content of the record' })
  @IsString()
  @MinLength(1)
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional({ type: BusinessTimeDto, description: 'When the decision was made; default: now' })
  @IsOptional()
  @ValidateNested()
  @Type(() => BusinessTimeDto)
  occurredAt?: BusinessTimeDto;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export class AccessLogQuery {
  @ApiPropertyOptional({ description: 'Only reads by this subject' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  subject?: string;

  @ApiPropertyOptional({ type: String, format: 'date', description: 'First day (inclusive, UTC) of the reads' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE)
  from?: string;

  @ApiPropertyOptional({ type: String, format: 'date', description: 'Last day (inclusive, UTC) of the reads' })
  @IsOptional()
  @IsISO8601({ strict: true })
  @Matches(DATE)
  to?: string;

  @ApiPropertyOptional({ description: 'Only reads of records in this stream (e.g. negotiation-bayview_2025)' })
  @IsOptional()
  @IsString()
  @MaxLength(300)
  stream?: string;

  @ApiPropertyOptional({ description: "Only the access log of this negotiation's file" })
  @IsOptional()
  @Matches(/^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9_]{1,100})$/, { message: 'negotiationId is a UUID or [A-Za-z0-9_]+' })
  negotiationId?: string;

  @ApiPropertyOptional({ enum: ACCESS_OUTCOMES })
  @IsOptional()
  @IsIn(ACCESS_OUTCOMES)
  outcome?: AccessOutcome;

  @PageLimit(MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}
