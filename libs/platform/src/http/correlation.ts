import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext, type LoggerService } from '@nestjs/common';
import { pathOf, type EdgeRequest, type EdgeResponse } from './http-types.js';

export const CORRELATION_HEADER = 'x-correlation-id';
const ACCEPTABLE = /^[A-Za-z0-9._-]{1,100}$/;

/** The caller's correlation id when it is safe to log and echo, else a fresh UUID. */
export function correlationIdFor(header: string | string[] | undefined): string {
  return typeof header === 'string' && ACCEPTABLE.test(header) ? header : randomUUID();
}

/**
 * Gives a request a correlation id (echoed in the response) and writes one access-log line when
 * it ends. No bodies, no headers, no query strings.
 */
export function correlate(logger: LoggerService, request: EdgeRequest, reply: EdgeResponse): void {
  const started = process.hrtime.bigint();
  const correlationId = correlationIdFor(request.headers[CORRELATION_HEADER]);
  request.correlationId = correlationId;
  // On the Node response, so that it goes out with every answer, however it is written.
  const response = reply.raw;
  response.setHeader('X-Correlation-Id', correlationId);
  response.once('close', () => {
    const ms = Number((process.hrtime.bigint() - started) / 1000n) / 1000;
    const entry = {
      method: request.method,
      path: pathOf(request),
      status: response.writableFinished ? response.statusCode : null,
      ms,
      correlationId,
      subject: request.actor?.subject ?? null,
      ...(request.actor && { role: request.actor.role }),
      ...(!response.writableFinished && { aborted: true }),
    };
    logger.log(`${entry.method} ${entry.path} ${entry.status ?? 'aborted'}`, entry, 'HttpAccess');
  });
}

/** The correlation id of the request being handled, for every log line written while it is. */
const handling = new AsyncLocalStorage<string>();

export function currentCorrelationId(): string | undefined {
  return handling.getStore();
}

/** Where each request's handling began, to resume it after its body was read. */
const scopes = new WeakMap<EdgeRequest, AsyncResource>();

/**
 * Fastify onRequest hook, first in line: `correlate` for every request, docs and 404s included;
 * the rest of the request is handled with its correlation id as `currentCorrelationId()`.
 */
export function correlateAndLog(logger: LoggerService) {
  return (request: EdgeRequest, reply: EdgeResponse, done: () => void): void => {
    correlate(logger, request, reply);
    handling.run(request.correlationId!, () => {
      scopes.set(request, new AsyncResource('lrr.request'));
      done();
    });
  };
}

/**
 * Fastify preHandler hook: a body read in events of the connection (as Fastify's own parser reads
 * it) continues outside the request's async context, so the route (guards, handler, filter)
 * resumes it here.
 */
export function resumeRequestContext(request: EdgeRequest, _reply: EdgeResponse, done: () => void): void {
  const scope = scopes.get(request);
  if (scope) scope.runInAsyncScope(done);
  else done();
}

/** The request's correlation id, for command metadata. */
export const CorrelationId = createParamDecorator((_: unknown, context: ExecutionContext): string => {
  const request = context.switchToHttp().getRequest<EdgeRequest>();
  return request.correlationId ?? randomUUID();
});
