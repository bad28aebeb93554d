import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDefined,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateBy,
  ValidateIf,
  ValidateNested,
} from 'class-validator';
import { BusinessTimeDto, IsCalendarDate, IsRecordId, PageLimit, Text } from '#platform';
import { MAX_POLICY_DAYS } from '../../domain/due-dates.js';
import {
  CLOSING_DISPOSITIONS,
  COMPLETENESS,
  type ClosingDisposition,
  type Completeness,
  EXPLANATION_REASONS,
  type ExplanationReason,
  MEETING_SIDES,
  type MeetingSide,
  OBJECTION_GROUNDS,
  type ObjectionGround,
} from '../../domain/events.js';
import { IsRegisterCursor } from '../../read-models/register.dto.js';
import { REGISTER_STATUSES } from '../../read-models/register-views.js';
import { ID_PATTERN_SOURCE } from './validation.js';

export const MAX_ITEMS = 200;
export const MAX_DOCUMENTS = 100;
export const MAX_HOLIDAYS = 1000;
const MAX_ITEM_NUMBER = 9999;

/** Every recorded fact says when it happened (business time); the server adds when it was recorded. */
export class RecordFactDto {
  @ApiProperty({ type: BusinessTimeDto, description: 'When it happened (business time). Its calendar day is the day of the fact; a future date is refused.', example: { at: '2025-04-13', precision: 'day' } })
  @IsDefined()
  @ValidateNested()
  @Type(() => BusinessTimeDto)
  occurredAt: BusinessTimeDto;
}

export class RequesterDto {
  @ApiProperty({ example: 'Bayview Teachers Association', maxLength: 200 })
  @Text(200)
  organization: string;

  @ApiProperty({ example: 'R. Alvarez, association president', maxLength: 200 })
  @Text(200)
  person: string;
}

export class RequestedItemDto {
  @ApiProperty({ example: 1, minimum: 1, maximum: MAX_ITEM_NUMBER, description: 'The number the union gave the item' })
  @IsInt()
  @Min(1)
  @Max(MAX_ITEM_NUMBER)
  number: number;

  @ApiProperty({ example: 'Step-and-column placement of each unit member, 2024-25', maxLength: 2000 })
  @Text(2000)
  description: string;
}

export class ReceiveInformationRequestDto extends RecordFactDto {
  @ApiProperty({ example: 'bayview_certificated', pattern: ID_PATTERN_SOURCE, description: 'A bargaining unit recorded by the bargaining context' })
  @IsRecordId()
  unitId: string;

  @ApiProperty({ type: RequesterDto })
  @IsDefined()
  @ValidateNested()
  @Type(() => RequesterDto)
  from: RequesterDto;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'neg_2025_reopener', pattern: ID_PATTERN_SOURCE, description: 'The negotiation the request relates to' })
  @IsOptional()
  @IsRecordId()
  negotiationId?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'GR-2025-014', maxLength: 100, description: 'The grievance the request relates to' })
  @IsOptional()
  @Text(100)
  grievanceReference?: string | null;

  @ApiProperty({ type: [RequestedItemDto], minItems: 1, maxItems: MAX_ITEMS, description: 'The numbered items requested; numbers are unique' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_ITEMS)
  @ArrayUnique((item: RequestedItemDto | null) => item?.number, { message: 'items must have unique numbers' })
  @ValidateNested({ each: true })
  @Type(() => RequestedItemDto)
  items: RequestedItemDto[];

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    example: '2025-04-24',
    description: "Overrides the unit's response policy; recorded with basis 'explicit'. Absent: due date from the policy in effect on the day of receipt.",
  })
  @IsOptional()
  @IsCalendarDate()
  explicitDueOn?: string | null;
}

export class AcknowledgeInformationRequestDto extends RecordFactDto {}

export class RequestClarificationDto extends RecordFactDto {
  @ApiPropertyOptional({ type: [Number], example: [1], maxItems: MAX_ITEMS, description: 'The items the question is about; empty or absent: the whole request' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  itemNumbers?: number[];

  @ApiProperty({ example: 'Does item 1 mean certificated staff only, or classified staff as well?', maxLength: 4000 })
  @Text(4000)
  question: string;
}

export class AnswerClarificationDto extends RecordFactDto {
  @ApiProperty({ example: 'Certificated staff only.', maxLength: 4000 })
  @Text(4000)
  answer: string;
}

export class ProducedDocumentDto {
  @ApiProperty({ example: 'step-column-costing-2025-26.xlsx', maxLength: 300 })
  @Text(300)
  name: string;

  @ApiProperty({ example: '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08', pattern: '^[0-9a-fA-F]{64}$', description: "SHA-256 of the document's bytes (stored lowercase)" })
  @IsString()
  @Matches(/^[0-9a-f]{64}$/i, { message: 'sha256 must be 64 hexadecimal characters (a SHA-256 digest)' })
  sha256: string;
}

export class ProduceInformationItemDto extends RecordFactDto {
  @ApiProperty({ type: [ProducedDocumentDto], maxItems: MAX_DOCUMENTS, description: 'The documents produced, by hash; may be empty when a summary answers the item' })
  @IsArray()
  @ArrayMaxSize(MAX_DOCUMENTS)
  @ValidateNested({ each: true })
  @Type(() => ProducedDocumentDto)
  documents: ProducedDocumentDto[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 4000, example: 'Cost of one step: $1.2M; one column: $0.4M (2025-26 schedule).' })
  @IsOptional()
  @Text(4000)
  summary?: string | null;

  @ApiProperty({ enum: COMPLETENESS, example: 'partial', description: 'Whether this production answers the item in full' })
  @IsIn(COMPLETENESS)
  completeness: Completeness;
}

const hasText = (value: unknown): boolean => typeof value === 'string' && /\S/.test(value);

/** The list does not say what an `other` ground is: an objection naming one explains it. */
function ExplainsOtherGround(): PropertyDecorator {
  return ValidateBy({
    name: 'explainsOtherGround',
    validator: {
      validate: (value, args) => {
        const grounds: unknown = (args?.object as { grounds?: unknown } | undefined)?.grounds;
        return !(Array.isArray(grounds) && grounds.includes('other')) || hasText(value);
      },
      defaultMessage: () => '$property must not be blank when grounds include other',
    },
  });
}

export class ObjectToInformationItemDto extends RecordFactDto {
  @ApiProperty({ enum: OBJECTION_GROUNDS, isArray: true, example: ['third-party-privacy'], minItems: 1, maxItems: OBJECTION_GROUNDS.length })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(OBJECTION_GROUNDS.length)
  @ArrayUnique()
  @IsIn(OBJECTION_GROUNDS, { each: true })
  grounds: ObjectionGround[];

  @ApiProperty({
    example: 'Placement by name discloses each teacher’s compensation history.',
    maxLength: 4000,
    description: 'May be empty (a bare objection is recorded and flagged), except with the ground `other`, which it explains',
  })
  @IsString()
  @MaxLength(4000)
  @ExplainsOtherGround()
  explanation: string;

  @ApiProperty({ example: true, description: 'Whether the employer offered to bargain an accommodation' })
  @IsBoolean()
  accommodationOffered: boolean;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 4000, example: 'Placement by anonymized employee number; bargain over a confidentiality agreement.' })
  @IsOptional()
  @Text(4000)
  accommodationDescription?: string | null;
}

export class ExplainInformationItemDto extends RecordFactDto {
  @ApiProperty({
    enum: EXPLANATION_REASONS,
    example: 'already-produced',
    description: 'does-not-exist: the information does not exist; already-produced: it was given before; other: the explanation says why',
  })
  @IsIn(EXPLANATION_REASONS)
  reason: ExplanationReason;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 4000,
    example: 'The 2024-25 placement list was produced in full with request 2025-003.',
    description: 'Required with reason `other`',
  })
  @ValidateIf((dto: ExplainInformationItemDto) => dto.reason === 'other' || (dto.explanation !== undefined && dto.explanation !== null))
  @Text(4000)
  explanation?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: 500,
    example: 'Production of 2025-03-14, placement-2024-25.xlsx',
    description: 'Where the information was given: the earlier production or document (reason already-produced)',
  })
  @IsOptional()
  @Text(500)
  reference?: string | null;
}

export class ExtendResponseDeadlineDto extends RecordFactDto {
  @ApiProperty({ type: String, format: 'date', example: '2025-05-08', description: 'Must be later than the due date in effect on the day of the extension' })
  @IsCalendarDate()
  newDueOn: string;

  @ApiProperty({ example: true })
  @IsBoolean()
  agreedByUnion: boolean;

  @ApiProperty({ example: 'Payroll system conversion; the association agreed by email.', maxLength: 2000 })
  @Text(2000)
  reason: string;
}

const MAX_ATTENDEES = 100;

/** Who attended for each side; a side left out or empty is not known. */
export class MeetingAttendeesDto {
  @ApiPropertyOptional({ type: [String], example: ['M. Okafor, Director of Labor Relations'], maxItems: MAX_ATTENDEES })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ATTENDEES)
  @Text(200, { each: true })
  employer?: string[];

  @ApiPropertyOptional({ type: [String], example: ['R. Alvarez, association president'], maxItems: MAX_ATTENDEES })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ATTENDEES)
  @Text(200, { each: true })
  union?: string[];
}

export class HoldInformationRequestMeetingDto extends RecordFactDto {
  @ApiPropertyOptional({ type: MeetingAttendeesDto, nullable: true, description: 'Absent or null: not known' })
  @IsOptional()
  @ValidateNested()
  @Type(() => MeetingAttendeesDto)
  attendees?: MeetingAttendeesDto | null;

  @ApiPropertyOptional({ type: [Number], example: [1], maxItems: MAX_ITEMS, description: 'The items discussed; empty or absent: the request as a whole' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MAX_ITEMS)
  @ArrayUnique()
  @IsInt({ each: true })
  @Min(1, { each: true })
  itemNumbers?: number[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 4000, example: 'Whether placement can be given by employee number instead of by name.' })
  @IsOptional()
  @Text(4000)
  discussed?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 4000, example: 'The association narrowed item 1 to placement by employee number.' })
  @IsOptional()
  @Text(4000)
  outcome?: string | null;
}

export class CancelInformationRequestMeetingDto extends RecordFactDto {
  @ApiProperty({ type: String, format: 'date', example: '2025-04-17', description: 'The day the meeting was set for; not before the request was received' })
  @IsCalendarDate()
  scheduledFor: string;

  @ApiProperty({ enum: MEETING_SIDES, example: 'union' })
  @IsIn(MEETING_SIDES)
  cancelledBy: MeetingSide;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000, example: 'The association’s bargaining team was unavailable.' })
  @IsOptional()
  @Text(2000)
  reason?: string | null;
}

export class WithdrawInformationRequestDto extends RecordFactDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 2000, example: 'Superseded by request 2025-009' })
  @IsOptional()
  @Text(2000)
  reason?: string | null;
}

export class CloseInformationRequestDto extends RecordFactDto {
  @ApiProperty({ enum: CLOSING_DISPOSITIONS, example: 'partially-fulfilled' })
  @IsIn(CLOSING_DISPOSITIONS)
  disposition: ClosingDisposition;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 4000, example: 'Item 1 answered by objection; accommodation under discussion.' })
  @IsOptional()
  @Text(4000)
  note?: string | null;
}

export const POLICY_KINDS = ['calendar-days', 'business-days'] as const;

export class SetInformationRequestPolicyDto extends RecordFactDto {
  @ApiProperty({ enum: POLICY_KINDS, example: 'business-days' })
  @IsIn(POLICY_KINDS)
  kind: (typeof POLICY_KINDS)[number];

  @ApiProperty({ example: 10, minimum: 1, maximum: MAX_POLICY_DAYS })
  @IsInt()
  @Min(1)
  @Max(MAX_POLICY_DAYS)
  days: number;

  @ApiProperty({ type: [String], format: 'date', example: ['2025-05-26', '2025-07-04'], maxItems: MAX_HOLIDAYS, description: 'Closed days besides weekends' })
  @IsArray()
  @ArrayMaxSize(MAX_HOLIDAYS)
  @IsCalendarDate({ each: true })
  holidays: string[];
}

// ---- path and query parameters ----

export class RequestParams {
  @ApiProperty({ example: '3f0c9a52-6a51-5b6e-9d0e-8f7a2c1b4d37', description: 'The id the server gave the request on receipt' })
  @IsString()
  requestId: string;
}

export class ItemParams extends RequestParams {
  @ApiProperty({ example: 2, minimum: 1 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  itemNumber: number;
}

export class ClarificationParams extends RequestParams {
  @ApiProperty({ example: 1, minimum: 1, description: 'Clarifications are numbered 1, 2, … in the order asked' })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  clarificationNumber: number;
}

export class UnitParams {
  @ApiProperty({ example: 'bayview_certificated' })
  @IsString()
  unitId: string;
}

export class AsOfQuery {
  @ApiPropertyOptional({ type: String, format: 'date', example: '2025-04-30', description: 'Business day to compute the view as of (facts dated on or before it). Default: today (UTC).' })
  @IsOptional()
  @IsCalendarDate()
  asOf?: string;
}

export const LIST_STATUSES = REGISTER_STATUSES;
export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 200;

export class ListInformationRequestsQuery {
  @ApiPropertyOptional({ example: 'bayview_certificated' })
  @IsOptional()
  @IsRecordId()
  unitId?: string;

  @ApiPropertyOptional({ enum: LIST_STATUSES, description: 'Status as of overdueAsOf (default today)' })
  @IsOptional()
  @IsIn(LIST_STATUSES)
  status?: (typeof LIST_STATUSES)[number];

  @ApiPropertyOptional({ type: String, format: 'date', example: '2025-04-30', description: 'Only requests overdue as of this day; the listed clocks are then as of it too' })
  @IsOptional()
  @IsCalendarDate()
  overdueAsOf?: string;

  @PageLimit(MAX_PAGE_SIZE, DEFAULT_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsRegisterCursor()
  cursor?: string;
}
