import type { AuthSettings } from '#config';
import type { Actor } from '#kernel';
import { createRemoteJWKSet, errors, jwtVerify, type CryptoKey, type JWTVerifyGetKey } from 'jose';
import { isRole } from './policy.js';
import { EMBEDDED_ALGORITHM, EMBEDDED_AUDIENCE, EMBEDDED_ISSUER, loadOrCreateSigningKey } from './signing-key.js';

/** Asymmetric algorithms only: a shared-secret HS256 token could be forged by anyone holding the secret. */
export const OIDC_ALGORITHMS = ['RS256', 'ES256', 'EdDSA'] as const;

/** Allowed clock skew between the token issuer and this server, in seconds. */
const CLOCK_TOLERANCE_SECONDS = 30;

/** The bearer token was missing, malformed, forged, expired or not meant for this system. */
export class InvalidToken extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'InvalidToken';
  }
}

/** The identity provider's keys could not be fetched: the server's problem, not the caller's. */
export class TokenKeysUnavailable extends Error {
  constructor(cause: unknown) {
    super('the identity provider keys could not be fetched', { cause });
    this.name = 'TokenKeysUnavailable';
  }
}

export interface TokenVerifierOptions {
  readonly key: CryptoKey | JWTVerifyGetKey;
  readonly issuer: string;
  readonly audience: string;
  readonly algorithms: readonly string[];
}

/** jose codes that say the token is bad; any other failure means the keys could not be had. */
const TOKEN_FAULTS: Readonly<Record<string, string>> = {
  ERR_JWT_EXPIRED: 'the token has expired',
  ERR_JOSE_ALG_NOT_ALLOWED: 'the token is signed with an algorithm this server does not accept',
  ERR_JWS_SIGNATURE_VERIFICATION_FAILED: 'the token signature is not valid',
  ERR_JWKS_NO_MATCHING_KEY: 'the token is signed with a key this server does not know',
  ERR_JWKS_MULTIPLE_MATCHING_KEYS: 'the token does not say which key signed it',
  ERR_JWS_INVALID: 'the token is not a well-formed signed JWT',
  ERR_JWT_INVALID: 'the token is not a well-formed signed JWT',
  ERR_JOSE_NOT_SUPPORTED: 'the token uses a feature this server does not support',
  ERR_JWK_INVALID: 'the token is signed with a key this server does not accept',
};

/** How long a verified token is trusted without checking its signature again (never past its expiry). */
const VERIFIED_FOR_MS = 60_000;
const VERIFIED_CAPACITY = 1_000;

/**
 * Verifies bearer JWTs with pinned algorithms, issuer, audience and expiry, and names the actor.
 * A token that verified is remembered for a minute (or until it expires, if sooner): a client
 * sends the same token with every request, and checking its signature each time was a tenth of
 * the server's work per command. A key withdrawn from the issuer's JWKS stops being honoured for
 * tokens already seen within that minute.
 */
export class TokenVerifier {
  private readonly verified = new Map<string, { readonly actor: Actor; readonly until: number }>();

  constructor(private readonly options: TokenVerifierOptions) {}

  /** Production reads the OIDC issuer's JWKS; the embedded run its own key in the data directory. */
  static async fromSettings(auth: AuthSettings): Promise<TokenVerifier> {
    if (auth.mode === 'oidc') {
      return new TokenVerifier({
        key: createRemoteJWKSet(new URL(auth.jwksUrl), { timeoutDuration: 5_000 }),
        issuer: auth.issuer,
        audience: auth.audience,
        algorithms: OIDC_ALGORITHMS,
      });
    }
    const key = await loadOrCreateSigningKey(auth.dataDir);
    return TokenVerifier.embedded(key.publicKey);
  }

  static embedded(publicKey: CryptoKey): TokenVerifier {
    return new TokenVerifier({ key: publicKey, issuer: EMBEDDED_ISSUER, audience: EMBEDDED_AUDIENCE, algorithms: [EMBEDDED_ALGORITHM] });
  }

  async verify(token: string): Promise<Actor> {
    const now = Date.now();
    const seen = this.verified.get(token);
    if (seen && now < seen.until) return seen.actor;
    this.verified.delete(token);
    const actor = await this.verifyNow(token);
    if (this.verified.size >= VERIFIED_CAPACITY) this.verified.delete(this.verified.keys().next().value!);
    return actor;
  }

  private async verifyNow(token: string): Promise<Actor> {
    const { payload } = await this.check(token);
    const { sub, role } = payload;
    // jose checks "iat" only against a maximum age; a token issued after now (beyond the skew) is not one an issuer sent.
    if ((payload.iat as number) > Date.now() / 1000 + CLOCK_TOLERANCE_SECONDS) throw new InvalidToken('the token "iat" claim lies in the future');
    if (typeof sub !== 'string' || sub.length === 0 || sub.length > 256 || /\p{Cc}/u.test(sub)) {
      throw new InvalidToken('the token subject ("sub") is not usable');
    }
    if (role === undefined) throw new InvalidToken('the token carries no "role" claim');
    if (!isRole(role)) throw new InvalidToken('the token "role" claim is not a role of this system');
    const actor: Actor = { subject: sub, role };
    this.verified.set(token, { actor, until: Math.min(Date.now() + VERIFIED_FOR_MS, (payload.exp as number) * 1000) });
    return actor;
  }

  private async check(token: string) {
    const options = {
      issuer: this.options.issuer,
      audience: this.options.audience,
      algorithms: [...this.options.algorithms],
      requiredClaims: ['exp', 'iat', 'sub'],
      clockTolerance: CLOCK_TOLERANCE_SECONDS,
    };
    try {
      return typeof this.options.key === 'function'
        ? await jwtVerify(token, this.options.key, options)
        : await jwtVerify(token, this.options.key, options);
    } catch (error) {
      if (error instanceof errors.JWTClaimValidationFailed) {
        throw new InvalidToken(
          error.reason === 'missing' ? `the token has no "${error.claim}" claim` : `the token "${error.claim}" claim is not acceptable`,
        );
      }
      if (error instanceof errors.JOSEError && TOKEN_FAULTS[error.code]) throw new InvalidToken(TOKEN_FAULTS[error.code]!);
      throw new TokenKeysUnavailable(error);
    }
  }
}
