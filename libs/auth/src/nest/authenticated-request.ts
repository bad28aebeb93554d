import type { IncomingHttpHeaders } from 'node:http';
import type { Actor } from '#kernel';

/** The part of an HTTP request the guard reads and writes. */
export interface AuthenticatedRequest {
  readonly headers: IncomingHttpHeaders;
  /** Set by the guard once the bearer token is verified. */
  actor?: Actor;
}
