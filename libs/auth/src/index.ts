export { WRITE_ROLES, canRead, canWrite, clearanceOf, hiddenFrom, isRole } from './policy.js';
export { InvalidToken, OIDC_ALGORITHMS, TokenKeysUnavailable, TokenVerifier, type TokenVerifierOptions } from './token-verifier.js';
export {
  EMBEDDED_ALGORITHM,
  EMBEDDED_AUDIENCE,
  EMBEDDED_ISSUER,
  SigningKeyUnusable,
  loadOrCreateSigningKey,
  signingKeyPath,
  type EmbeddedSigningKey,
} from './signing-key.js';
export { MAX_DEVELOPMENT_TOKEN_SECONDS, TokenRequestInvalid, mintDevelopmentToken, parseDuration, type DevelopmentTokenRequest } from './development-token.js';
export { AuthModule } from './nest/auth.module.js';
export { BearerAuthGuard } from './nest/bearer-auth.guard.js';
export { CurrentActor, IS_PUBLIC, Public, REQUIRED_ROLES, Roles } from './nest/decorators.js';
export { AUTH_REALM, Unauthenticated } from './nest/unauthenticated.js';
export type { AuthenticatedRequest } from './nest/authenticated-request.js';
