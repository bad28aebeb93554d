import { applyDecorators } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { ApiProblem as problem } from '#platform';

/** The problem responses of a read (a list has no 404). */
export const ApiReadProblems = ({ notFound = true } = {}) =>
  applyDecorators(
    problem(400, 'Invalid parameters: `errors` names each property'),
    problem(401, 'No valid bearer token'),
    ...(notFound ? [problem(404, 'Unknown, or not visible to the caller (code in `code`)')] : []),
  );

/** The problem responses of a command route, and its Idempotency-Key header. */
export const ApiCommand = () =>
  applyDecorators(
    ApiReadProblems(),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Repeat a command safely: the same key with the same body returns the first response and stores nothing; with another body, 422.',
    }),
    problem(409, 'Concurrent changes that retrying could not resolve'),
    problem(422, 'Refused as impossible (code in `code`, e.g. INFORMATION_REQUEST_CLOSED, OCCURRED_AT_IN_FUTURE), or Idempotency-Key reused with another body'),
  );
