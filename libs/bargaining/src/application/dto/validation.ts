import { plainToInstance } from 'class-transformer';
import { ValidateBy, type ValidationOptions, validateSync } from 'class-validator';
import { businessTimeProblem } from '#kernel';
import { BusinessTimeDto, RECORD_ID_PATTERN } from '#platform';

// Shared validators (Text, IsCalendarDate, IsRecordId) come from #platform; these are the bargaining context's own.
export const ID_PATTERN_SOURCE = RECORD_ID_PATTERN.source;

const CORRECTED_FIELD = /^[A-Za-z][A-Za-z0-9]{0,63}$/;
export const MAX_CORRECTED_FIELDS = 20;
export const MAX_CORRECTION_CHARS = 100_000;

function correctedFieldsProblem(value: unknown): string | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'must be an object of corrected values by field name';
  const keys = Object.keys(value);
  if (keys.length > MAX_CORRECTED_FIELDS) return `may name at most ${MAX_CORRECTED_FIELDS} fields`;
  const bad = keys.find((key) => !CORRECTED_FIELD.test(key));
  if (bad !== undefined) return `names a field ${JSON.stringify(bad)} that is not a field name`;
  if (JSON.stringify(value).length > MAX_CORRECTION_CHARS) return `may hold at most ${MAX_CORRECTION_CHARS} characters of JSON`;
  // Every fact has a business time: its rules need not wait for the corrected event to be found.
  const occurredAt = (value as Record<string, unknown>).occurredAt;
  if (occurredAt !== undefined) {
    const shaped = typeof occurredAt === 'object' && occurredAt !== null && validateSync(plainToInstance(BusinessTimeDto, occurredAt), { whitelist: true, forbidNonWhitelisted: true }).length === 0;
    if (!shaped) return `occurredAt ${businessTimeProblem(occurredAt)?.message ?? 'must be { at, precision } and, for precision between, until'}`;
  }
  return null;
}

/** The corrected values of a correction: an object of field names, bounded in size (each value is validated against the corrected fact, see corrections.ts). */
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
