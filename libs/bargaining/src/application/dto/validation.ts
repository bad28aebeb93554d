import { ValidateBy, type ValidationOptions } from 'class-validator';
import { RECORD_ID_PATTERN } from '#platform';

// Shared validators (Text, IsCalendarDate, IsRecordId) come from #platform; these are the bargaining context's own.
export const ID_PATTERN_SOURCE = RECORD_ID_PATTERN.source;

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
