import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, ValidateBy, type ValidationOptions, buildMessage, getMetadataStorage } from 'class-validator';

/** Every id that names a stream: a UUID or letters, digits and underscores, so the category never changes. */
export const RECORD_ID_PATTERN = /^(?:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}|[A-Za-z0-9_]{1,100})$/;

const isCalendarDate = (value: unknown): boolean => {
  // Year 0000 does not exist in the calendar the record keeps (1 BC is followed by AD 1).
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value) || value.startsWith('0000')) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
};

/** A real calendar day written YYYY-MM-DD, in year 1 or later (2025-02-30 and 0000-01-01 are not). */
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

type MetadataLookup = (target: unknown, schema: string, always: boolean, strictGroups: boolean, groups?: string[]) => unknown[];

/**
 * class-validator looks a DTO's rules up on every validation by scanning every class it knows (for
 * inherited rules): a tenth of a command's validation time here. The rules are fixed once the DTO
 * modules have loaded, so the lookups are remembered, and forgotten whenever a class is added.
 */
export function rememberValidationMetadata(): void {
  const storage = getMetadataStorage() as unknown as { getTargetValidationMetadatas: MetadataLookup & { remembered?: true }; validationMetadatas: Map<unknown, unknown[]> };
  if (storage.getTargetValidationMetadatas.remembered) return;
  const lookUp = storage.getTargetValidationMetadatas.bind(storage);
  const memo = new Map<unknown, Map<string, unknown[]>>();
  let classes = -1;
  const remembered: MetadataLookup & { remembered?: true } = (target, schema, always, strictGroups, groups) => {
    const known = storage.validationMetadatas.size;
    if (known !== classes) {
      memo.clear();
      classes = known;
    }
    const key = `${schema}\n${always}\n${strictGroups}\n${groups?.join('\n') ?? ''}`;
    let byOptions = memo.get(target);
    if (!byOptions) memo.set(target, (byOptions = new Map()));
    let found = byOptions.get(key);
    if (!found) byOptions.set(key, (found = lookUp(target, schema, always, strictGroups, groups)));
    return found;
  };
  remembered.remembered = true;
  storage.getTargetValidationMetadatas = remembered;
}

/** A paged list's `limit` query parameter: a whole number from 1 to `max`, `byDefault` when absent. */
export function PageLimit(max: number, byDefault: number): PropertyDecorator {
  return (target, key) => {
    ApiPropertyOptional({ minimum: 1, maximum: max, default: byDefault })(target, key);
    IsOptional()(target, key);
    Type(() => Number)(target, key);
    IsInt()(target, key);
    Min(1)(target, key);
    Max(max)(target, key);
  };
}
