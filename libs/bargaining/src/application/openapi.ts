import { UseInterceptors, applyDecorators } from '@nestjs/common';
import { ApiCreatedResponse, ApiHeader, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import { Roles, WRITE_ROLES } from '#auth';
import { ApiProblem, IdempotencyInterceptor } from '#platform';
import { ROLES, type Role } from '#kernel';
import { NegotiationFactRecordedView } from './dto/responses.dto.js';

const WRITERS = WRITE_ROLES as [Role, ...Role[]];
const READERS = ROLES as unknown as [Role, ...Role[]];

const problem = ApiProblem;

const readProblems = () =>
  applyDecorators(
    problem(400, 'Invalid parameters: `errors` names each property'),
    problem(401, 'No valid bearer token'),
    problem(404, 'Unknown, or above the caller\'s clearance (code in `code`)'),
  );

/**
 * A write: negotiators and admins only (403 otherwise), Idempotency-Key honoured, and every problem
 * a command can answer. `type` documents the 201 body.
 */
export const RecordsFact = (summary: string, description?: string, type: new () => object = NegotiationFactRecordedView, roles: [Role, ...Role[]] = WRITERS) =>
  applyDecorators(
    Roles(...roles),
    UseInterceptors(IdempotencyInterceptor),
    ApiOperation({ summary, ...(description && { description }) }),
    ApiCreatedResponse({ type, description: 'Recorded: the stored events, the ids the server made, and the warnings' }),
    ApiHeader({
      name: 'Idempotency-Key',
      required: false,
      description: 'Repeat a command safely: the same key with the same body returns the first response and stores nothing; with another body, 422.',
    }),
    readProblems(),
    problem(409, 'Concurrent writes to the same stream that re-deciding could not resolve (WRONG_EXPECTED_REVISION): reload and retry'),
    problem(422, 'Refused as impossible (code in `code`, e.g. PROPOSAL_NOT_ON_TABLE, NEGOTIATION_CONCLUDED, OCCURRED_AT_IN_FUTURE), or Idempotency-Key reused with another body'),
  );

/** A read: every role, filtered by its clearance. */
export const ReadsRecord = (summary: string, type: new () => object, description?: string) =>
  applyDecorators(Roles(...READERS), ApiOperation({ summary, ...(description && { description }) }), ApiOkResponse({ type }), readProblems());
