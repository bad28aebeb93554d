import { createHash } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';

const EMPTY_ETAG = 'W/"0-2jmj7l5rSw0yVb/vlWAYkK/YBwk"';
const NO_CACHE = /(?:^|,)\s*?no-cache\s*?(?:,|$)/;
const PROBLEM_JSON = 'application/problem+json';
const CHARSET = /;\s*charset=/i;

/** A weak entity tag for a body: W/"<byte length in hex>-<27 characters of its base64 SHA-1>". */
export function weakEtag(body: string | Buffer): string {
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.length;
  if (length === 0) return EMPTY_ETAG;
  const hash = createHash('sha1').update(body).digest('base64').substring(0, 27);
  return `W/"${length.toString(16)}-${hash}"`;
}

/** Whether a conditional request may be answered 304: its If-None-Match (or If-Modified-Since) holds for the response. */
export function isFresh(request: IncomingHttpHeaders, response: { etag?: string; lastModified?: string }): boolean {
  const modifiedSince = request['if-modified-since'];
  const noneMatch = request['if-none-match'];
  if (!modifiedSince && !noneMatch) return false;
  const cacheControl = request['cache-control'];
  if (cacheControl && NO_CACHE.test(cacheControl)) return false;
  if (noneMatch) {
    if (noneMatch === '*') return true;
    const etag = response.etag;
    if (!etag) return false;
    return tokens(noneMatch).some((match) => match === etag || match === `W/${etag}` || `W/${match}` === etag);
  }
  const lastModified = response.lastModified;
  return !!lastModified && Date.parse(lastModified) <= Date.parse(modifiedSince!);
}

function tokens(list: string): string[] {
  const out: string[] = [];
  let start = 0;
  let end = 0;
  for (let i = 0; i < list.length; i++) {
    const code = list.charCodeAt(i);
    if (code === 0x20) {
      if (start === end) start = end = i + 1;
    } else if (code === 0x2c) {
      out.push(list.substring(start, end));
      start = end = i + 1;
    } else {
      end = i + 1;
    }
  }
  out.push(list.substring(start, end));
  return out;
}

/**
 * Fastify onSend hook, for every body sent whole (not streamed, not a problem document): a UTF-8
 * charset on text and, for a GET or HEAD, a weak ETag and a 304 without a body when If-None-Match
 * matches it. A command's answer carries no ETag: it describes what was recorded, not a resource a
 * client could ask for again conditionally, and hashing it cost every write. Problem documents
 * carry no ETag either.
 */
export function etagAndConditionalGet(request: FastifyRequest, reply: FastifyReply, payload: unknown, done: (error: Error | null, payload?: unknown) => void): void {
  if ((typeof payload !== 'string' && !Buffer.isBuffer(payload)) || reply.hasHeader('etag')) {
    done(null, payload);
    return;
  }
  const contentType = reply.getHeader('content-type');
  if (typeof contentType === 'string') {
    if (contentType.startsWith(PROBLEM_JSON)) {
      done(null, payload);
      return;
    }
    // Text is sent as UTF-8 and says so, whatever type the route gave it (the API docs' HTML and scripts).
    if (typeof payload === 'string' && !CHARSET.test(contentType)) reply.header('Content-Type', `${contentType}; charset=utf-8`);
  }
  const method = request.method;
  if (method !== 'GET' && method !== 'HEAD') {
    done(null, payload);
    return;
  }
  const etag = weakEtag(payload);
  reply.header('ETag', etag);
  const status = reply.statusCode;
  if ((status >= 200 && status < 300) || status === 304) {
    const lastModified = reply.getHeader('last-modified');
    if (isFresh(request.headers, { etag, ...(typeof lastModified === 'string' && { lastModified }) })) {
      reply.code(304);
      reply.removeHeader('content-type');
      reply.removeHeader('content-length');
      reply.removeHeader('transfer-encoding');
      done(null, null);
      return;
    }
  }
  done(null, payload);
}
