import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, ValidateBy, buildMessage, type ValidationOptions } from 'class-validator';
import { ITEM_STATUSES } from '../domain/clocks.js';
import { isIsoDate } from '../domain/due-dates.js';
import { REGISTER_STATUSES, type RegisterStatus, decodeRegisterCursor } from './register-views.js';
import { PageLimit } from '#platform';

const RECORD_ID = /^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9_]{1,100})$/;

export const DEFAULT_REGISTER_PAGE_SIZE = 50;
export const MAX_REGISTER_PAGE_SIZE = 200;

function IsCalendarDay(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    { name: 'isCalendarDay', validator: { validate: (value) => isIsoDate(value), defaultMessage: buildMessage(() => '$property must be a calendar date YYYY-MM-DD', options) } },
    options,
  );
}

/** A nextCursor the register returned (both list routes page the one register). */
export function IsRegisterCursor(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRegisterCursor',
      validator: {
        validate: (value) => typeof value === 'string' && value.length <= 400 && decodeRegisterCursor(value) !== null,
        defaultMessage: buildMessage(() => '$property must be a nextCursor the register returned', options),
      },
    },
    options,
  );
}

export class RegisterAsOfQuery {
  @ApiPropertyOptional({ type: String, format: 'date', example: '2025-04-30', description: 'Business day to compute the clocks as of (facts dated on or before it). Default: today (UTC).' })
  @IsOptional()
  @IsCalendarDay()
  asOf?: string;
}

export class RegisterListQuery extends RegisterAsOfQuery {
  @ApiPropertyOptional({ example: 'bayview_certificated' })
  @IsOptional()
  @IsString()
  @Matches(RECORD_ID, { message: '$property must be a UUID or letters, digits and underscores (at most 100)' })
  unitId?: string;

  @ApiPropertyOptional({ enum: REGISTER_STATUSES, description: 'Status as of asOf' })
  @IsOptional()
  @IsIn(REGISTER_STATUSES)
  status?: RegisterStatus;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    example: '2025-04-30',
    description: 'Only requests overdue on this day. The clocks are as of asOf, which defaults to this day when given.',
  })
  @IsOptional()
  @IsCalendarDay()
  overdueAsOf?: string;

  @PageLimit(MAX_REGISTER_PAGE_SIZE, DEFAULT_REGISTER_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsRegisterCursor()
  cursor?: string;
}

export class RegisterRequestParams {
  @ApiProperty({ example: 'rfi_2025_007' })
  @IsString()
  requestId: string;
}

export class RegisterItemView {
  @ApiProperty() number: number;
  @ApiProperty() description: string;
  @ApiProperty({ enum: ITEM_STATUSES }) status: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) firstResponseOn: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Calendar days from receipt to the first production, objection or explanation' }) timeToFirstResponse: number | null;
  @ApiProperty() firstResponseLate: boolean;
  @ApiProperty({ type: String, format: 'date', nullable: true }) answeredOn: string | null;
  @ApiProperty() daysOutstanding: number;
  @ApiProperty() overdue: boolean;
  @ApiProperty() daysOverdue: number;
  @ApiProperty() awaitingClarification: boolean;
  @ApiProperty({ type: 'array', items: { type: 'object' }, description: 'Objections to this item raised late: objectedOn, grounds, reasons, dueOnThen' }) lateObjections: object[];
}

export class RegisterEntryView {
  @ApiProperty() requestId: string;
  @ApiProperty() unitId: string;
  @ApiProperty({ type: String, nullable: true }) negotiationId: string | null;
  @ApiProperty({ type: String, nullable: true }) grievanceReference: string | null;
  @ApiProperty({ type: 'object', properties: { organization: { type: 'string' }, person: { type: 'string' } } }) from: { organization: string; person: string };
  @ApiProperty({ type: String, format: 'date' }) asOf: string;
  @ApiProperty({ enum: REGISTER_STATUSES }) status: string;
  @ApiProperty({ type: String, nullable: true, enum: ['fulfilled', 'partially-fulfilled', 'withdrawn'] }) disposition: string | null;
  @ApiProperty({ type: String, format: 'date', description: 'The day the clocks count from: the day of receipt, or its earliest possible day' }) receivedOn: string;
  @ApiProperty({ type: String, nullable: true, example: 'February 2025', description: 'The day of receipt in words when the record gives only a month, a year, a range or a bound; null when known to the day' })
  receivedAsKnown: string | null;
  @ApiProperty({ type: String, format: 'date' }) originalDueOn: string;
  @ApiProperty({ enum: ['policy', 'explicit'] }) dueBasis: string;
  @ApiProperty({ type: String, format: 'date', description: 'In effect on asOf' }) dueOn: string;
  @ApiProperty() extensionsGranted: number;
  @ApiProperty({ type: String, format: 'date', nullable: true }) respondedInFullOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) clockStoppedOn: string | null;
  @ApiProperty() daysOutstanding: number;
  @ApiProperty() businessDaysOutstanding: number;
  @ApiProperty() overdue: boolean;
  @ApiProperty() daysOverdue: number;
  @ApiProperty({ type: String, format: 'date', nullable: true }) acknowledgedOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) firstResponseOn: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) firstSubstantiveResponseOn: string | null;
  @ApiProperty({ type: Number, nullable: true }) timeToAcknowledgment: number | null;
  @ApiProperty({ type: Number, nullable: true }) timeToFirstResponse: number | null;
  @ApiProperty({ type: Number, nullable: true }) timeToFirstSubstantiveResponse: number | null;
  @ApiProperty() noResponsePastDue: boolean;
  @ApiProperty() noSubstantiveResponsePastDue: boolean;
  @ApiProperty({ type: 'array', items: { type: 'object' } }) lateObjections: object[];
  @ApiProperty({ type: [Number] }) openClarifications: number[];
  @ApiProperty({ type: [RegisterItemView] }) items: RegisterItemView[];
}

export class RegisterPageView {
  @ApiProperty({ type: String, format: 'date' }) asOf: string;
  @ApiProperty({ type: [RegisterEntryView] }) items: RegisterEntryView[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
  @ApiProperty({ description: 'Privileged records of the requests looked at that the caller is cleared for but left out: they are read only with X-Access-Purpose' })
  withheldForPurpose: number;
}
