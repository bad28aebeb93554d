import { IsString, Matches, MaxLength, ValidateBy, type ValidationOptions, buildMessage } from 'class-validator';
import { isIsoDate } from '../../domain/due-dates.js';
import { decodeCursor } from '../cursor.js';
import { ID_PATTERN } from '../errors.js';

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
  return (target, key) => {
    IsString(options)(target, key);
    Matches(ID_PATTERN, { ...options, message: '$property must be a UUID or letters, digits and underscores (at most 100)' })(target, key);
  };
}

export const ID_PATTERN_SOURCE = ID_PATTERN.source;

/** A nextCursor this API issued. */
export function IsListCursor(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isListCursor',
      validator: {
        validate: (value) => typeof value === 'string' && value.length <= 400 && decodeCursor(value) !== null,
        defaultMessage: buildMessage(() => '$property must be a nextCursor this API returned', options),
      },
    },
    options,
  );
}
