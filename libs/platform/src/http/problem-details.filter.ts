import { STATUS_CODES } from 'node:http';
import { Catch, HttpException, Inject, type ArgumentsHost, type ExceptionFilter, type LoggerService } from '@nestjs/common';
import { AUTH_REALM, Unauthenticated } from '#auth';
import { DuplicateEventId, StoreUnavailable, StoredChainBroken, StreamNotFound, WrongExpectedRevision } from '#event-store';
import { DomainError, type DomainErrorKind } from '#kernel';
import { APP_LOGGER } from '../tokens.js';
import { pathOf, type EdgeRequest, type EdgeResponse } from './http-types.js';
import { RequestValidationFailed } from './request-validation-failed.js';

/** An RFC 9457 problem details object. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly [extension: string]: unknown;
}

/**
 * A failure a boundary names for the client, at any status (a 5xx included): a stable code and
 * extension members that say what failed (an export's section, a record). The message is the
 * problem's detail, so it must not quote internals.
 */
export class ProblemException extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly extensions: Readonly<Record<string, unknown>> = {},
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProblemException';
  }
}

const STATUS_OF_KIND: Readonly<Record<DomainErrorKind, number>> = { rule: 422, 'not-found': 404, conflict: 409 };
const GENERIC_DETAIL = 'An unexpected error occurred. Quote the correlation id when reporting it.';

export const problemType = (code: string) => `urn:labor-relations-record:problem:${code.toLowerCase().replace(/_/g, '-')}`;

function problem(status: number, detail: string, extensions: Record<string, unknown> = {}, type = 'about:blank'): Problem {
  return { type, title: STATUS_CODES[status] ?? 'Error', status, detail, ...extensions };
}

/** Maps what a handler throws to the problem the client sees; null when it is a server fault. */
export function toProblem(exception: unknown): Problem | null {
  if (exception instanceof RequestValidationFailed) {
    return problem(400, exception.message, { errors: exception.problems }, problemType('VALIDATION_FAILED'));
  }
  if (exception instanceof ProblemException) {
    return problem(exception.status, exception.message, { ...exception.extensions, code: exception.code }, problemType(exception.code));
  }
  if (exception instanceof DomainError) {
    const details = Object.keys(exception.details).length > 0 ? { details: exception.details } : {};
    return problem(STATUS_OF_KIND[exception.kind], exception.message, { code: exception.code, ...details }, problemType(exception.code));
  }
  if (exception instanceof WrongExpectedRevision) {
    return problem(409, 'The record was changed by someone else at the same time. Reload it and try again.', { code: exception.code }, problemType(exception.code));
  }
  if (exception instanceof DuplicateEventId) {
    return problem(409, 'This command id was already used for a different request.', { code: exception.code }, problemType(exception.code));
  }
  if (exception instanceof StreamNotFound) {
    return problem(404, 'The record does not exist.', { code: exception.code }, problemType(exception.code));
  }
  if (exception instanceof StoreUnavailable) {
    return problem(503, 'The record cannot be reached just now. Nothing was lost: send the same request again (with the same Idempotency-Key) after Retry-After seconds.', { code: exception.code, retryAfter: exception.retryAfterSeconds }, problemType(exception.code));
  }
  if (exception instanceof StoredChainBroken) {
    return problem(
      500,
      `The stored record of ${exception.stream} does not hold together at revision ${exception.revision} (${exception.detail}). Nothing was changed; report it to the records officer.`,
      { code: exception.code, stream: exception.stream, revision: exception.revision, record: { stream: exception.stream, revision: exception.revision, ...(exception.eventId ? { eventId: exception.eventId } : {}) } },
      problemType(exception.code),
    );
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    // A bare 500 says nothing the client can act on, and may quote internals.
    if (status === 500) return null;
    return problem(status, detailOf(exception));
  }
  if (isFastifyClientError(exception)) return problem(exception.statusCode, exception.message);
  return null;
}

/** What Fastify refuses before a route runs (a body over the limit, an empty JSON body): its own 4xx errors. */
function isFastifyClientError(exception: unknown): exception is Error & { statusCode: number } {
  const error = exception as { code?: unknown; statusCode?: unknown } | null;
  return exception instanceof Error && typeof error!.code === 'string' && error!.code.startsWith('FST_') && typeof error!.statusCode === 'number' && error!.statusCode >= 400 && error!.statusCode < 500;
}

function detailOf(exception: HttpException): string {
  const body = exception.getResponse();
  if (typeof body === 'string') return body;
  const message = (body as { message?: unknown }).message;
  if (typeof message === 'string') return message;
  if (Array.isArray(message)) return message.join('; ');
  return exception.message;
}

/**
 * The one exception filter: every error leaves as `application/problem+json`. Server faults are
 * logged with their stack and answered with a generic detail, so internals never leak.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  constructor(@Inject(APP_LOGGER) private readonly logger: LoggerService) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw exception;
    const request = host.switchToHttp().getRequest<EdgeRequest>();
    const response = host.switchToHttp().getResponse<EdgeResponse>();
    const correlationId = request.correlationId;
    const instance = pathOf(request);

    const known = toProblem(exception);
    if (!known) {
      const error = exception instanceof Error ? exception : new Error(String(exception));
      this.logger.error(`${request.method} ${instance} failed: ${error.message}`, { correlationId, error: error.stack ?? error.message }, 'ProblemDetails');
    } else if (known.status >= 500) {
      const cause = exception instanceof Error && exception.cause instanceof Error ? exception.cause.message : undefined;
      this.logger.warn(`${request.method} ${instance} answered ${known.status}: ${known.detail}`, { correlationId, ...(cause && { cause }) }, 'ProblemDetails');
    }
    const body = { ...(known ?? problem(500, GENERIC_DETAIL)), instance, ...(correlationId && { correlationId }) };

    if (response.sent || response.raw.headersSent) {
      response.raw.destroy();
      return;
    }
    if (exception instanceof StoreUnavailable) response.header('Retry-After', String(exception.retryAfterSeconds));
    else if (exception instanceof ProblemException && typeof exception.extensions['retryAfter'] === 'number') response.header('Retry-After', String(exception.extensions['retryAfter']));
    if (body.status === 401) {
      response.header('WWW-Authenticate', exception instanceof Unauthenticated ? exception.challenge : `Bearer realm="${AUTH_REALM}"`);
    }
    response
      .code(body.status)
      .header('Content-Type', 'application/problem+json; charset=utf-8')
      .header('Cache-Control', 'no-store')
      .send(JSON.stringify(body));
  }
}
