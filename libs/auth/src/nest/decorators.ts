import { SetMetadata, applyDecorators, createParamDecorator, type ExecutionContext } from '@nestjs/common';
import { ApiExtension, ApiSecurity } from '@nestjs/swagger';
import type { Actor, Role } from '#kernel';
import type { AuthenticatedRequest } from './authenticated-request.js';

export const IS_PUBLIC = 'lrr:auth:public';
export const REQUIRED_ROLES = 'lrr:auth:roles';

/**
 * Opens a route to callers without a token. Deny is the default; only liveness and the API docs
 * are open. The empty security requirement tells OpenAPI readers the same.
 */
export const Public = () => applyDecorators(SetMetadata(IS_PUBLIC, true), ApiSecurity({}));

/**
 * Limits a route (or every route of a controller) to the given roles; others get 403. A route's
 * own @Roles() wins over its controller's, in the guard and in the OpenAPI `x-required-roles`.
 */
export function Roles(...roles: [Role, ...Role[]]): ClassDecorator & MethodDecorator {
  const document = ApiExtension('x-required-roles', roles);
  return ((target: object, key?: string | symbol, descriptor?: PropertyDescriptor) => {
    if (descriptor) {
      SetMetadata(REQUIRED_ROLES, roles)(target, key!, descriptor);
      document(target, key!, descriptor);
      return descriptor;
    }
    const controller = target as { prototype: Record<string, unknown> };
    SetMetadata(REQUIRED_ROLES, roles)(controller as never);
    for (const name of Object.getOwnPropertyNames(controller.prototype)) {
      const method = Object.getOwnPropertyDescriptor(controller.prototype, name);
      if (name === 'constructor' || typeof method?.value !== 'function' || Reflect.hasMetadata(REQUIRED_ROLES, method.value)) continue;
      document(controller.prototype, name, method);
    }
    return target;
  }) as ClassDecorator & MethodDecorator;
}

/** The authenticated principal of this request, from the verified token (never from the body). */
export const CurrentActor = createParamDecorator((_: unknown, context: ExecutionContext): Actor => {
  const { actor } = context.switchToHttp().getRequest<AuthenticatedRequest>();
  // A route that asks for the actor but is @Public() is a programming error, not a client's.
  if (!actor) throw new Error('@CurrentActor() on a route without an authenticated actor');
  return actor;
});
