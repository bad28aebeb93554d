import { BadRequestException, UnsupportedMediaTypeException } from '@nestjs/common';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { RequestValidationFailed, type PropertyProblem } from './request-validation-failed.js';

/** Deeper than any request this API defines (a correction's article text is five levels down). */
export const MAX_BODY_DEPTH = 32;

type JsonParser = (request: FastifyRequest, body: string, done: (error: Error | null, body?: unknown) => void) => void;

/**
 * Request bodies through Fastify's own content-type parsing: JSON only (`application/json`, UTF-8,
 * up to `bodyLimit` bytes), parsed by Fastify's JSON parser (which refuses `__proto__` keys), and
 * an object at the top, at most MAX_BODY_DEPTH levels deep. Any other media type answers 415; an
 * empty body is no body. Runs before any route, so no DTO, class-transformer or handler meets a
 * body that is not a JSON object of bounded depth.
 */
export function readJsonBodies(instance: FastifyInstance, options: { bodyLimit: number }): void {
  const parseJson = instance.getDefaultJsonParser('error', 'ignore') as unknown as JsonParser;
  instance.removeAllContentTypeParsers();
  instance.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: options.bodyLimit }, (request, text, done) => {
    const charset = /;\s*charset\s*=\s*"?([^";\s]+)/i.exec(request.headers['content-type'] ?? '')?.[1];
    if (charset !== undefined && !/^utf-?8$/i.test(charset)) {
      done(new UnsupportedMediaTypeException(`the body must be UTF-8 JSON (charset ${charset} is not supported)`));
      return;
    }
    if (text.length === 0) {
      done(null, undefined);
      return;
    }
    parseJson(request, text as string, (error, body) => {
      if (error) done(error);
      else if (typeof body !== 'object' || body === null || Array.isArray(body)) done(new BadRequestException('the body must be a JSON object'));
      else if (!withinDepth(body, MAX_BODY_DEPTH)) done(new BadRequestException(`the body is nested more than ${MAX_BODY_DEPTH} levels deep`));
      else done(null, body);
    });
  });
  instance.addContentTypeParser('*', (request, _payload, done) => {
    done(new UnsupportedMediaTypeException(`the body must be application/json (got ${request.headers['content-type'] ?? 'no media type'})`));
  });
}

/** Whether no value inside `value` lies more than `limit` levels down (iterative: depth is what is being bounded). */
function withinDepth(value: unknown, limit: number): boolean {
  const pending: [unknown, number][] = [[value, 1]];
  while (pending.length > 0) {
    const [next, depth] = pending.pop()!;
    if (typeof next !== 'object' || next === null) continue;
    if (depth > limit) return false;
    for (const child of Object.values(next)) if (typeof child === 'object' && child !== null) pending.push([child, depth + 1]);
  }
  return true;
}

/** U+0000, which PostgreSQL text cannot hold, and UTF-16 surrogates without their pair, which no UTF-8 text can. */
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** Every string (and object key) in a request body or query that text in the record could not hold, by property path. */
export function unstorableText(value: unknown, path = ''): PropertyProblem[] {
  const problems: PropertyProblem[] = [];
  const visit = (node: unknown, at: string, depth: number): void => {
    if (typeof node === 'string') {
      if (UNSTORABLE.test(node)) problems.push({ property: at, messages: [`${at} must not contain U+0000 or an unpaired surrogate (text the record cannot store)`] });
      return;
    }
    if (typeof node !== 'object' || node === null || depth > MAX_BODY_DEPTH) return;
    for (const [key, child] of Object.entries(node)) {
      const property = at ? `${at}.${key}` : key;
      if (UNSTORABLE.test(key)) problems.push({ property, messages: [`the property name ${JSON.stringify(key)} contains text the record cannot store`] });
      visit(child, property, depth + 1);
    }
  };
  visit(value, path, 0);
  return problems;
}

/**
 * The one guard on text for every route: a request whose body or query holds text the record
 * cannot store is refused (400, naming each property) before validation, so no command stores it.
 */
export function refuseUnstorableText(request: FastifyRequest, _reply: unknown, done: (error?: Error) => void): void {
  const problems = [...unstorableText(request.body), ...unstorableText(request.query)];
  done(problems.length > 0 ? new RequestValidationFailed(problems) : undefined);
}
