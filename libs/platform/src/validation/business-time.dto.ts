import { ApiProperty } from '@nestjs/swagger';
import { IsIn, IsISO8601, Matches } from 'class-validator';
import { OCCURRED_AT_PRECISIONS, type BusinessTime, type OccurredAtPrecision } from '#kernel';

const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;

/** When a fact happened at the table (business time), as precisely as the recorder knows it. */
export class BusinessTimeDto implements BusinessTime {
  @ApiProperty({ example: '2025-03-05', description: 'A date (YYYY-MM-DD) or an ISO 8601 instant with offset' })
  @IsISO8601({ strict: true, strictSeparator: true }, { message: 'at must be a real calendar date or instant' })
  @Matches(DATE_OR_INSTANT, { message: 'at must be a date (YYYY-MM-DD) or an ISO 8601 instant with a time zone' })
  at: string;

  @ApiProperty({ enum: OCCURRED_AT_PRECISIONS, example: 'day' })
  @IsIn(OCCURRED_AT_PRECISIONS)
  precision: OccurredAtPrecision;
}
