import { ForbiddenException, Inject, Injectable, ServiceUnavailableException, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Role } from '#kernel';
import { InvalidToken, TokenKeysUnavailable, TokenVerifier } from '#identity';
import type { AuthenticatedRequest } from './authenticated-request.js';
import { IS_PUBLIC, REQUIRED_ROLES } from './decorators.js';
import { Unauthenticated } from './unauthenticated.js';

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/**
 * The global guard: every route needs a valid bearer token unless it is @Public(), and a role
 * listed by @Roles() when it has one. Puts the verified actor on the request.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    @Inject(Reflector) private readonly reflector: Reflector,
    @Inject(TokenVerifier) private readonly verifier: TokenVerifier,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    if (context.getType() !== 'http') return false;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    const header = request.headers.authorization;
    if (header === undefined || header.trim() === '') throw new Unauthenticated('a bearer token is required');
    const token = BEARER.exec(header)?.[1];
    if (!token) throw new Unauthenticated('the Authorization header must be "Bearer <token>"', 'invalid_request');

    try {
      request.actor = await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof InvalidToken) throw new Unauthenticated(error.reason, 'invalid_token');
      if (error instanceof TokenKeysUnavailable) throw new ServiceUnavailableException('tokens cannot be checked right now: the identity provider keys are unavailable', { cause: error });
      throw error;
    }

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(request.actor.role)) {
      throw new ForbiddenException(`this action needs the role ${roles.join(' or ')}`);
    }
    return true;
  }
}
