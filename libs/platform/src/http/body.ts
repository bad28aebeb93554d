import type { IncomingMessage, ServerResponse } from 'node:http';
import bodyParser from 'body-parser';
import type { FastifyReply, FastifyRequest, HookHandlerDoneFunction } from 'fastify';

type Reader = (request: IncomingMessage, response: ServerResponse, next: (error?: unknown) => void) => void;

/**
 * Reads request bodies exactly as the API always has: JSON (up to `jsonLimit`) and URL-encoded
 * forms (extended syntax, 100 kB), with the same body-parser and the same options, for every
 * method and path (unknown routes included), before the route runs. Any other body is left unread
 * and the handler sees none. Its errors (malformed JSON 400, too large 413, unsupported charset or
 * encoding 415) reach the exception filter as HTTP errors.
 *
 * A Fastify preValidation hook: Fastify's own content-type parsing is reduced to a catch-all that
 * reads nothing (see `createApp`), so that no media type is refused before this runs.
 */
export function readBodies(options: { jsonLimit: string }) {
  const readers: readonly Reader[] = [bodyParser.json({ limit: options.jsonLimit }), bodyParser.urlencoded({ extended: true })];
  return (request: FastifyRequest, reply: FastifyReply, done: HookHandlerDoneFunction): void => {
    // Neither reader parses a request without a media type.
    if (request.headers['content-type'] === undefined) {
      done();
      return;
    }
    const raw = request.raw as IncomingMessage & { body?: unknown };
    let index = 0;
    const next = (error?: unknown): void => {
      if (error) {
        done(error as Error);
      } else if (index < readers.length) {
        readers[index++]!(raw, reply.raw, next);
      } else {
        request.body = raw.body;
        done();
      }
    };
    next();
  };
}

/** Fastify content-type parser for every media type: reads nothing, so `readBodies` can. */
export function leaveBodyUnread(_request: FastifyRequest, _payload: unknown, done: (error: Error | null, body?: unknown) => void): void {
  done(null, undefined);
}
