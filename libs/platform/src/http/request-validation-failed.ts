import { BadRequestException, ValidationPipe } from '@nestjs/common';
import type { ValidationError } from 'class-validator';

export interface PropertyProblem {
  /** Dotted path into the request body or query, such as `items.0.title`. */
  readonly property: string;
  readonly messages: readonly string[];
}

/** The request did not match its DTO. Carries every problem, by property path. */
export class RequestValidationFailed extends BadRequestException {
  constructor(readonly problems: readonly PropertyProblem[]) {
    super(`the request has ${problems.length} invalid propert${problems.length === 1 ? 'y' : 'ies'}`);
  }

  static from(errors: readonly ValidationError[]): RequestValidationFailed {
    return new RequestValidationFailed(flatten(errors, ''));
  }
}

function flatten(errors: readonly ValidationError[], parent: string): PropertyProblem[] {
  return errors.flatMap((error) => {
    const property = parent ? `${parent}.${error.property}` : error.property;
    const own = error.constraints ? [{ property, messages: Object.values(error.constraints) }] : [];
    return [...own, ...flatten(error.children ?? [], property)];
  });
}

/** How every request body and query is validated (and an imported fact's body, by the same rules). */
export function requestValidationPipe(): ValidationPipe {
  return new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
    exceptionFactory: (errors) => RequestValidationFailed.from(errors),
  });
}
