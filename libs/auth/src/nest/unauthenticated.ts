import { UnauthorizedException } from '@nestjs/common';

export const AUTH_REALM = 'labor-relations-record';

/** 401 with the RFC 6750 challenge the response's WWW-Authenticate header must carry. */
export class Unauthenticated extends UnauthorizedException {
  readonly challenge: string;

  constructor(detail: string, error?: 'invalid_request' | 'invalid_token') {
    super(detail);
    const quoted = detail.replace(/["\\]/g, '');
    this.challenge = error
      ? `Bearer realm="${AUTH_REALM}", error="${error}", error_description="${quoted}"`
      : `Bearer realm="${AUTH_REALM}"`;
  }
}
