import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '#kernel';

/** What the edge adds to a request: the correlation id in the edge hook, the actor in the auth guard. */
export interface EdgeRequest extends FastifyRequest {
  correlationId?: string | null;
  actor?: Actor | null;
}

export type EdgeResponse = FastifyReply;

/** The request path without its query string, which may carry things that do not belong in logs. */
export function pathOf(request: { readonly originalUrl?: string; readonly url?: string }): string {
  return (request.originalUrl ?? request.url ?? '/').split('?')[0]!;
}
