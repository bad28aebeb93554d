import { ValidateBy, type ValidationOptions, buildMessage } from 'class-validator';
import { RECORD_ID_PATTERN } from '#platform';
import { decodeCursor } from '../cursor.js';

// Shared validators (Text, IsCalendarDate, IsRecordId) come from #platform; this is the context's own.
export const ID_PATTERN_SOURCE = RECORD_ID_PATTERN.source;

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
