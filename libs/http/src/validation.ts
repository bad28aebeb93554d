import { IsString, Matches, MaxLength, ValidateBy, type ValidationOptions, buildMessage } from 'class-validator';

/** Every id that names a stream: a UUID or letters, digits and underscores, so the category never changes. */
export const RECORD_ID_PATTERN = /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9_]{1,100})$/;

const isCalendarDate = (value: unknown): boolean => {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

/** A real calendar day written YYYY-MM-DD (2025-02-30 is not one). */
export function IsCalendarDate(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isCalendarDate',
      validator: {
        validate: isCalendarDate,
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
  return (target, key) => {
    IsString(options)(target, key);
    Matches(RECORD_ID_PATTERN, { ...options, message: `${options?.each ? 'each value in ' : ''}$property must be a UUID or letters, digits and underscores (at most 100)` })(target, key);
  };
}
