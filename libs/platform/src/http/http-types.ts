import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Actor } from '#kernel';

/** What the edge adds to a request: the correlation id here, the actor in the auth guard. */
export interface EdgeRequest extends IncomingMessage {
  originalUrl?: string;
  correlationId?: string;
  actor?: Actor;
}

export type EdgeResponse = ServerResponse;

/** The request path without its query string, which may carry things that do not belong in logs. */
export function pathOf(request: EdgeRequest): string {
  return (request.originalUrl ?? request.url ?? '/').split('?')[0]!;
}
