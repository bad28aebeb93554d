/**
 * Who the caller is and what they may read, without a framework: the clearance policy, the
 * embedded issuer's signing key and development tokens, and token verification. libs/auth puts
 * them in front of Nest's routes; the CLI mints tokens with them without loading Nest.
 */
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
