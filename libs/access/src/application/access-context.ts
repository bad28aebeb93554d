import { BadRequestException, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Actor } from '#kernel';

export const ACCESS_PURPOSE_HEADER = 'x-access-purpose';
const MAX_PURPOSE = 500;

/** Who reads, why they say they read, and the request's correlation id: what a logged read needs. */
export interface AccessContext {
  readonly actor: Actor;
  /** The X-Access-Purpose header, trimmed; null when absent or blank. */
  readonly purpose: string | null;
  readonly correlationId: string | null;
}

interface AccessRequest {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly actor?: Actor;
  readonly correlationId?: string;
}

/** The stated purpose of a read, or null. Printable text of at most 500 characters; anything else is a 400. */
export function accessPurpose(header: string | string[] | undefined): string | null {
  if (header === undefined) return null;
  if (Array.isArray(header)) throw new BadRequestException('send X-Access-Purpose once');
  const purpose = header.trim();
  if (purpose === '') return null;
  if (purpose.length > MAX_PURPOSE || /[\u0000-\u001f\u007f]/.test(purpose)) {
    throw new BadRequestException(`X-Access-Purpose must be printable text of at most ${MAX_PURPOSE} characters`);
  }
  return purpose;
}

/** A route that reads through the read policy takes X-Access-Purpose; the OpenAPI document says so (one shared parameter, see docs.ts). */
const documentsThePurposeHeader = (target: object, key: string | symbol | undefined) => {
  const descriptor = key === undefined ? undefined : Object.getOwnPropertyDescriptor(target, key);
  if (descriptor) ApiHeader({ name: 'X-Access-Purpose', required: false })(target, key!, descriptor);
};

export const AccessCtx = createParamDecorator(
  (_: unknown, context: ExecutionContext): AccessContext => {
    const request = context.switchToHttp().getRequest<AccessRequest>();
    if (!request.actor) throw new Error('@AccessCtx() on a route without an authenticated actor');
    return { actor: request.actor, purpose: accessPurpose(request.headers[ACCESS_PURPOSE_HEADER]), correlationId: request.correlationId ?? null };
  },
  [documentsThePurposeHeader],
);
