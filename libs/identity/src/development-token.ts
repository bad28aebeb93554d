import { randomUUID } from 'node:crypto';
import { ROLES } from '#kernel';
import { SignJWT } from 'jose';
import { isRole } from './policy.js';
import { EMBEDDED_ALGORITHM, EMBEDDED_AUDIENCE, EMBEDDED_ISSUER, loadOrCreateSigningKey } from './signing-key.js';

/** The request for a development token was not acceptable. The message is one line. */
export class TokenRequestInvalid extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TokenRequestInvalid';
  }
}

const UNIT_SECONDS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;
/** Development tokens are for a working day or a test run, not for standing access. */
export const MAX_DEVELOPMENT_TOKEN_SECONDS = 30 * 86_400;

/** `90s`, `15m`, `8h`, `7d` → seconds. */
export function parseDuration(text: string): number {
  const match = /^(\d{1,7})([smhd])$/.exec(text.trim());
  if (!match) throw new TokenRequestInvalid(`--ttl must be a number followed by s, m, h or d, such as 8h (got ${JSON.stringify(text)})`);
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] as keyof typeof UNIT_SECONDS];
  if (seconds < 1 || seconds > MAX_DEVELOPMENT_TOKEN_SECONDS) {
    throw new TokenRequestInvalid(`--ttl must be between 1s and 30d (got ${JSON.stringify(text)})`);
  }
  return seconds;
}

export interface DevelopmentTokenRequest {
  readonly dataDir: string;
  readonly role: string;
  readonly subject: string;
  /** A duration such as `8h`; default 8h. */
  readonly ttl?: string;
  /** Issue time; default now. */
  readonly now?: Date;
}

/**
 * Mints a token signed with the embedded key (created if absent), for the embedded run only:
 * in production tokens come from the OIDC issuer.
 */
export async function mintDevelopmentToken(request: DevelopmentTokenRequest): Promise<string> {
  const { role, subject } = request;
  if (!isRole(role)) throw new TokenRequestInvalid(`--role must be one of ${ROLES.join(', ')} (got ${JSON.stringify(role)})`);
  if (subject.trim().length === 0 || subject.length > 256 || /\p{Cc}/u.test(subject)) {
    throw new TokenRequestInvalid('--sub must be 1 to 256 printable characters, such as you@example.org');
  }
  const ttlSeconds = parseDuration(request.ttl ?? '8h');
  const issuedAt = Math.floor((request.now ?? new Date()).getTime() / 1000);
  const key = await loadOrCreateSigningKey(request.dataDir);
  return new SignJWT({ role })
    .setProtectedHeader({ alg: EMBEDDED_ALGORITHM, kid: key.kid, typ: 'JWT' })
    .setIssuer(EMBEDDED_ISSUER)
    .setAudience(EMBEDDED_AUDIENCE)
    .setSubject(subject)
    .setIssuedAt(issuedAt)
    .setExpirationTime(issuedAt + ttlSeconds)
    .setJti(randomUUID())
    .sign(key.privateKey);
}
