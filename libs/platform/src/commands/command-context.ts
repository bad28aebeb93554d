import { randomUUID } from 'node:crypto';
import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { Actor, BusinessTime, CommandMetadata } from '#kernel';

/** What the edge puts on a request for commands (the guard sets actor, middleware correlationId). */
export interface CommandRequest {
  actor?: Actor;
  correlationId?: string;
  /** Set by the idempotency interceptor from the Idempotency-Key header. */
  commandId?: string;
  /** System time at which the command was received, set once per request. */
  receivedAt?: string;
}

/** Everything command metadata needs except occurredAt, which the request body carries. */
export interface CommandContext {
  readonly actor: Actor;
  readonly correlationId: string;
  readonly commandId: string;
  readonly now: string;
  metadata(occurredAt: BusinessTime): CommandMetadata;
}

export const CommandCtx = createParamDecorator((_: unknown, context: ExecutionContext): CommandContext => {
  const request = context.switchToHttp().getRequest<CommandRequest>();
  if (!request.actor) throw new Error('@CommandCtx() on a route without an authenticated actor');
  const ctx = {
    actor: request.actor,
    correlationId: request.correlationId ?? randomUUID(),
    commandId: request.commandId ?? randomUUID(),
    now: request.receivedAt ?? new Date().toISOString(),
  };
  return { ...ctx, metadata: (occurredAt: BusinessTime): CommandMetadata => ({ ...ctx, occurredAt }) };
});
