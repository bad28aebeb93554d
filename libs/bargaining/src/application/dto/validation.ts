import { IsString, Matches, MaxLength, ValidateBy, type ValidationOptions, buildMessage } from 'class-validator';
import { isIsoDate } from '../../domain/common.js';
import { isBargainingId } from '../../domain/ids.js';

/** A real calendar day written YYYY-MM-DD (2025-02-30 is not one). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
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

/** A string with something in it besides white space, at most `max` characters. */
export function Text(max: number, options?: ValidationOptions): PropertyDecorator {
  return (target, key) => {
    IsString(options)(target, key);
    MaxLength(max, options)(target, key);
    Matches(/\S/, { ...options, message: `${options?.each ? 'each value in ' : ''}$property must not be blank` })(target, key);
  };
}

/** A UUID or [A-Za-z0-9_]+ (at most 100): the shape of every id that names a stream. */
export function IsRecordId(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isRecordId',
      validator: {
        validate: (value) => isBargainingId(value),
        defaultMessage: buildMessage((each) => `${each}$property must be a UUID or letters, digits and underscores (at most 100)`, options),
      },
    },
    options,
  );
}

export const ID_PATTERN_SOURCE = '^([0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9_]{1,100})$';

const CORRECTED_FIELD = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
const BUSINESS_TIME_AT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2}))?$/;
const PRECISIONS = ['instant', 'day', 'approximate'];
export const MAX_CORRECTED_FIELDS = 20;
export const MAX_CORRECTION_CHARS = 100_000;

function correctedFieldsProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object of corrected values by field name';
  const keys = Object.keys(value);
  if (keys.length > MAX_CORRECTED_FIELDS) return `may name at most ${MAX_CORRECTED_FIELDS} fields`;
  const bad = keys.find((key) => !CORRECTED_FIELD.test(key));
  if (bad !== undefined) return `names a field ${JSON.stringify(bad)} that is not a field name`;
  if (JSON.stringify(value).length > MAX_CORRECTION_CHARS) return `may hold at most ${MAX_CORRECTION_CHARS} characters of JSON`;
  const occurredAt = (value as Record<string, unknown>).occurredAt;
  if (occurredAt !== undefined) {
    const time = occurredAt as { at?: unknown; precision?: unknown } | null;
    const shaped =
      typeof time === 'object' && time !== null && Object.keys(time).every((k) => k === 'at' || k === 'precision') &&
      typeof time.at === 'string' && BUSINESS_TIME_AT.test(time.at) && !Number.isNaN(Date.parse(time.at)) && PRECISIONS.includes(time.precision as string);
    if (!shaped) return 'occurredAt must be { at: a date or an instant, precision: instant | day | approximate }';
  }
  return null;
}

/** The corrected values of a correction: field names of the corrected fact (or occurredAt, as a business time), bounded in size. */
export function IsCorrectedFields(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCorrectedFields',
      validator: {
        validate: (value) => correctedFieldsProblem(value) === null,
        defaultMessage: (args) => `$property ${correctedFieldsProblem(args?.value) ?? 'is invalid'}`,
      },
    },
    options,
  );
}
