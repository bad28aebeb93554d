// The framework-free half lives in libs/identity; routes and handlers keep importing it from here.
export {
  EMBEDDED_ALGORITHM,
  EMBEDDED_AUDIENCE,
  EMBEDDED_ISSUER,
  InvalidToken,
  MAX_DEVELOPMENT_TOKEN_SECONDS,
  OIDC_ALGORITHMS,
  SigningKeyUnusable,
  TokenKeysUnavailable,
  TokenRequestInvalid,
  TokenVerifier,
  WRITE_ROLES,
  canRead,
  canWrite,
  clearanceOf,
  hiddenFrom,
  isRole,
  loadOrCreateSigningKey,
  mintDevelopmentToken,
  parseDuration,
  signingKeyPath,
  type DevelopmentTokenRequest,
  type EmbeddedSigningKey,
  type TokenVerifierOptions,
} from '#identity';
export { AuthModule } from './nest/auth.module.js';
export { BearerAuthGuard } from './nest/bearer-auth.guard.js';
export { CurrentActor, IS_PUBLIC, Public, REQUIRED_ROLES, Roles } from './nest/decorators.js';
export { AUTH_REALM, Unauthenticated } from './nest/unauthenticated.js';
export type { AuthenticatedRequest } from './nest/authenticated-request.js';
export { DevelopmentTokenDto, DevelopmentTokenRequestDto, SignInController, developmentSignInAllowed, isLoopback, type SignInSettings } from './nest/sign-in.controller.js';
