import { applyDecorators } from '@nestjs/common';
import { ApiExtraModels, ApiHeader, ApiResponse, getSchemaPath } from '@nestjs/swagger';
import { ProblemDto } from './dto/responses.dto.js';

const problem = (status: number, description: string) =>
  ApiResponse({ status, description, content: { 'application/problem+json': { schema: { $ref: getSchemaPath(ProblemDto) } } } });

/** The problem responses of a read (a list has no 404). */
export const ApiReadProblems = ({ notFound = true } = {}) =>
  applyDecorators(
    ApiExtraModels(ProblemDto),
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
    problem(403, 'The role may not record (writes: negotiator, admin)'),
    problem(409, 'Concurrent changes that retrying could not resolve'),
    problem(422, 'Refused as impossible (code in `code`, e.g. INFORMATION_REQUEST_CLOSED, OCCURRED_AT_IN_FUTURE), or Idempotency-Key reused with another body'),
  );
