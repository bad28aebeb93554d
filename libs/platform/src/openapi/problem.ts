import { ApiResponse } from '@nestjs/swagger';
import type { SchemaObject } from './schemas.js';
import { schemaRef } from './schemas.js';

export const PROBLEM_SCHEMA_NAME = 'Problem';
export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

/**
 * RFC 9457 problem details as ProblemDetailsFilter writes them (toProblem and the filter's own
 * members): the standard members, the stable code, validation errors by property, and the
 * extension members a failure names (`details`, `retryAfter`, `record`, `section`, …).
 */
export const PROBLEM_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details. Extension members beyond those listed name what failed.',
  required: ['type', 'title', 'status', 'detail', 'instance'],
  properties: {
    type: { type: 'string', description: 'A URN naming the problem (urn:labor-relations-record:problem:<code>), or about:blank', example: 'urn:labor-relations-record:problem:proposal-not-found' },
    title: { type: 'string', description: 'The HTTP status text', example: 'Not Found' },
    status: { type: 'integer', minimum: 400, maximum: 599, example: 404 },
    detail: { type: 'string', example: 'no proposal 5b0a7c1e-… in this negotiation' },
    instance: { type: 'string', description: 'The request path', example: '/negotiations/bayview_2025/proposals/5b0a7c1e' },
    code: { type: 'string', description: 'Stable code of a refusal (a domain error code, VALIDATION_FAILED, WRONG_EXPECTED_REVISION, …)', example: 'PROPOSAL_NOT_FOUND' },
    correlationId: { type: 'string', description: 'Quote it when reporting a problem', example: 'f1d2c3b4-5a69-4788-9a0b-1c2d3e4f5a6b' },
    errors: {
      type: 'array',
      description: 'Validation problems (400), one per property path',
      items: {
        type: 'object',
        required: ['property', 'messages'],
        properties: {
          property: { type: 'string', description: 'Dotted path into the body or query', example: 'articles.0.changeKind' },
          messages: { type: 'array', items: { type: 'string' }, example: ['changeKind must be one of the following values: new, amend, delete, current-language'] },
        },
      },
    },
    details: { type: 'object', additionalProperties: true, description: 'What a domain refusal concerns' },
    retryAfter: { type: 'integer', description: 'Seconds to wait before retrying (503 STORE_UNAVAILABLE)' },
    section: { type: 'string', description: 'The part of an export that failed' },
    stream: { type: 'string', description: 'The stream whose stored chain does not hold together' },
    revision: { type: 'integer', description: 'The revision at which it breaks' },
    record: {
      type: 'object',
      description: 'The record a failure concerns',
      properties: { stream: { type: 'string' }, revision: { type: 'integer' }, eventId: { type: 'string' } },
    },
  },
  additionalProperties: true,
};

/** A problem answer, documented with the one Problem schema. */
export const ApiProblem = (status: number, description: string) =>
  ApiResponse({ status, description, content: { [PROBLEM_MEDIA_TYPE]: { schema: schemaRef(PROBLEM_SCHEMA_NAME) } } });
