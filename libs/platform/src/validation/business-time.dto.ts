import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ValidateBy, type ValidationArguments } from 'class-validator';
import { OCCURRED_AT_PRECISIONS, type BusinessTime, type OccurredAtPrecision, businessTimeProblem } from '#kernel';

/** The kernel's one check of a business time, reported on the field it names (at, precision or until). */
function IsPartOfBusinessTime(field: 'at' | 'precision' | 'until'): PropertyDecorator {
  const problem = (args: ValidationArguments | undefined) => {
    const found = businessTimeProblem(args?.object);
    return found !== null && found.field === field ? found : null;
  };
  return ValidateBy({
    name: `isBusinessTime${field[0]!.toUpperCase()}${field.slice(1)}`,
    validator: {
      validate: (_value, args) => problem(args) === null,
      defaultMessage: (args) => problem(args)?.message ?? `${field} is invalid`,
    },
  });
}

/** When a fact happened at the table (business time), as precisely as the recorder knows it. */
export class BusinessTimeDto implements BusinessTime {
  @ApiProperty({
    example: '2025-03-05',
    description:
      'By precision: instant, day, approximate — a date (YYYY-MM-DD) or an ISO 8601 instant with offset; month — YYYY-MM; year — YYYY; ' +
      'on-or-after, on-or-before — the bound, a date; between — the first possible date (the last is `until`)',
  })
  @IsPartOfBusinessTime('at')
  at: string;

  @ApiProperty({ enum: OCCURRED_AT_PRECISIONS, example: 'day', description: 'How precisely the date is known; a record gives a month, a year, a range or a bound as such, never as an invented day' })
  @IsPartOfBusinessTime('precision')
  precision: OccurredAtPrecision;

  @ApiPropertyOptional({ example: '2011-05-15', description: 'Only with precision between: the last possible date (YYYY-MM-DD), after `at`' })
  @IsPartOfBusinessTime('until')
  until?: string;
}
