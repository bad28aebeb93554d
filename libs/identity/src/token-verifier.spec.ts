import { jest } from '@jest/globals';
import { mkdtemp, readFile, rm, stat, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SignJWT, exportJWK, generateKeyPair, createLocalJWKSet, type CryptoKey } from 'jose';
import {
  EMBEDDED_AUDIENCE,
  EMBEDDED_ISSUER,
  InvalidToken,
  SigningKeyUnusable,
  TokenKeysUnavailable,
  TokenRequestInvalid,
  TokenVerifier,
  loadOrCreateSigningKey,
  mintDevelopmentToken,
  parseDuration,
  signingKeyPath,
} from '#identity';

let dataDir: string;
beforeEach(async () => {
  dataDir = await mkdtemp(join(tmpdir(), 'lrr-auth-'));
});
afterEach(async () => {
  await rm(dataDir, { recursive: true, force: true });
});

async function reason(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(InvalidToken);
  return (error as InvalidToken).reason;
}

function sign(key: CryptoKey, claims: Record<string, unknown>, alg = 'EdDSA') {
  const now = Math.floor(Date.now() / 1000);
  const payload = { iss: EMBEDDED_ISSUER, aud: EMBEDDED_AUDIENCE, sub: 'a@example.org', iat: now, exp: now + 60, role: 'negotiator', ...claims };
  return new SignJWT(payload).setProtectedHeader({ alg }).sign(key);
}

describe('embedded signing key', () => {
  it('is created once, private, mode 0600, and reused', async () => {
    const first = await loadOrCreateSigningKey(dataDir);
    const second = await loadOrCreateSigningKey(dataDir);
    expect(second.kid).toBe(first.kid);
    const file = signingKeyPath(dataDir);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    const jwk = JSON.parse(await readFile(file, 'utf8'));
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA', kid: first.kid });
    expect(typeof jwk.d).toBe('string');
  });

  it('ends with one key when several starters race to create it', async () => {
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateSigningKey(dataDir)));
    expect(new Set(keys.map((key) => key.kid)).size).toBe(1);
  });

  it('refuses a key file other users can read', async () => {
    await loadOrCreateSigningKey(dataDir);
    await chmod(signingKeyPath(dataDir), 0o644);
    await expect(loadOrCreateSigningKey(dataDir)).rejects.toThrow(SigningKeyUnusable);
  });
});

describe('TokenVerifier (embedded)', () => {
  it('turns a development token into the actor', async () => {
    const token = await mintDevelopmentToken({ dataDir, role: 'legal-counsel', subject: 'counsel@example.org' });
    const verifier = await TokenVerifier.fromSettings({ mode: 'embedded', dataDir });
    await expect(verifier.verify(token)).resolves.toEqual({ subject: 'counsel@example.org', role: 'legal-counsel' });
  });

  it('rejects expired, foreign, mis-addressed, role-less and unsigned tokens', async () => {
    const key = await loadOrCreateSigningKey(dataDir);
    const verifier = TokenVerifier.embedded(key.publicKey);
    const expired = await mintDevelopmentToken({ dataDir, role: 'analyst', subject: 'x', ttl: '1m', now: new Date(Date.now() - 3_600_000) });
    expect(await reason(verifier.verify(expired))).toBe('the token has expired');

    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    expect(await reason(verifier.verify(await sign(other.privateKey, {})))).toBe('the token signature is not valid');
    expect(await reason(verifier.verify(await sign(key.privateKey, { aud: 'someone-else' })))).toBe('the token "aud" claim is not acceptable');
    expect(await reason(verifier.verify(await sign(key.privateKey, { iss: 'https://evil.example' })))).toBe('the token "iss" claim is not acceptable');
    expect(await reason(verifier.verify(await sign(key.privateKey, { role: undefined })))).toBe('the token carries no "role" claim');
    expect(await reason(verifier.verify(await sign(key.privateKey, { role: 'superuser' })))).toBe('the token "role" claim is not a role of this system');

    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const body = Buffer.from(JSON.stringify({ iss: EMBEDDED_ISSUER, aud: EMBEDDED_AUDIENCE, sub: 'x', role: 'admin', iat: now, exp: now + 60 })).toString('base64url');
    await reason(verifier.verify(`${header}.${body}.`));
    await reason(verifier.verify('not-a-token'));
  });

  it('refuses a token issued in the future beyond the clock skew, and accepts one within it', async () => {
    const key = await loadOrCreateSigningKey(dataDir);
    const verifier = TokenVerifier.embedded(key.publicKey);
    const now = Math.floor(Date.now() / 1000);
    expect(await reason(verifier.verify(await sign(key.privateKey, { iat: now + 3600, exp: now + 7200 })))).toBe('the token "iat" claim lies in the future');
    await expect(verifier.verify(await sign(key.privateKey, { iat: now + 10, exp: now + 60 }))).resolves.toEqual({ subject: 'a@example.org', role: 'negotiator' });
  });

  it('requires an expiry', async () => {
    const key = await loadOrCreateSigningKey(dataDir);
    const verifier = TokenVerifier.embedded(key.publicKey);
    const token = await new SignJWT({ role: 'admin' })
      .setProtectedHeader({ alg: 'EdDSA' })
      .setIssuer(EMBEDDED_ISSUER)
      .setAudience(EMBEDDED_AUDIENCE)
      .setSubject('x')
      .setIssuedAt()
      .sign(key.privateKey);
    expect(await reason(verifier.verify(token))).toBe('the token has no "exp" claim');
  });

  it('accepts only EdDSA, even from a key that could sign otherwise', async () => {
    const rsa = await generateKeyPair('RS256');
    const verifier = new TokenVerifier({
      key: createLocalJWKSet({ keys: [{ ...(await exportJWK(rsa.publicKey)), alg: 'RS256' }] }),
      issuer: EMBEDDED_ISSUER,
      audience: EMBEDDED_AUDIENCE,
      algorithms: ['EdDSA'],
    });
    expect(await reason(verifier.verify(await sign(rsa.privateKey, {}, 'RS256')))).toBe('the token is signed with an algorithm this server does not accept');
  });
});

describe('TokenVerifier remembers tokens it verified', () => {
  afterEach(() => jest.restoreAllMocks());

  it('for at most a minute, and never past the token’s expiry', async () => {
    const { publicKey, privateKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const verifier = TokenVerifier.embedded(publicKey);
    const start = Date.now();
    const shortLived = await sign(privateKey, { exp: Math.floor(start / 1000) + 5 });
    const longLived = await sign(privateKey, { exp: Math.floor(start / 1000) + 3600, sub: 'b@example.org' });
    await expect(verifier.verify(shortLived)).resolves.toEqual({ subject: 'a@example.org', role: 'negotiator' });
    await expect(verifier.verify(longLived)).resolves.toEqual({ subject: 'b@example.org', role: 'negotiator' });

    // 10 s on: the short-lived token expired (beyond jose's 30 s tolerance only later), the cache must not outlive exp.
    const now = jest.spyOn(Date, 'now').mockReturnValue(start + 10_000);
    const verifySpy = jest.spyOn(verifier as unknown as { verifyNow: (t: string) => Promise<unknown> }, 'verifyNow');
    await verifier.verify(shortLived).catch(() => undefined);
    expect(verifySpy).toHaveBeenCalledTimes(1); // checked again, not answered from memory
    await verifier.verify(longLived);
    expect(verifySpy).toHaveBeenCalledTimes(1); // still remembered

    now.mockReturnValue(start + 61_000);
    await verifier.verify(longLived);
    expect(verifySpy).toHaveBeenCalledTimes(2); // a minute on: its signature is checked again
  });

  it('never remembers a token that failed', async () => {
    const { publicKey } = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const other = await generateKeyPair('EdDSA', { crv: 'Ed25519' });
    const verifier = TokenVerifier.embedded(publicKey);
    const forged = await sign(other.privateKey, {});
    expect(await reason(verifier.verify(forged))).toBe('the token signature is not valid');
    expect(await reason(verifier.verify(forged))).toBe('the token signature is not valid');
  });
});

describe('TokenVerifier (OIDC)', () => {
  it('says the keys are unavailable, not that the token is bad, when the JWKS cannot be fetched', async () => {
    const verifier = await TokenVerifier.fromSettings({ mode: 'oidc', issuer: 'https://id.example', audience: 'lrr', jwksUrl: 'http://127.0.0.1:9/jwks' });
    const rsa = await generateKeyPair('RS256');
    const token = await new SignJWT({ role: 'admin' }).setProtectedHeader({ alg: 'RS256' }).setSubject('x').setIssuedAt().setExpirationTime('1m').sign(rsa.privateKey);
    await expect(verifier.verify(token)).rejects.toThrow(TokenKeysUnavailable);
  });
});

describe('development tokens', () => {
  it.each([
    ['90s', 90],
    ['15m', 900],
    ['8h', 28_800],
    ['7d', 604_800],
  ])('reads the duration %s', (text, seconds) => {
    expect(parseDuration(text)).toBe(seconds);
  });

  it.each(['8', 'h', '8 hours', '-1h', '0s', '31d'])('refuses the duration %j', (text) => {
    expect(() => parseDuration(text)).toThrow(TokenRequestInvalid);
  });

  it('refuses an unknown role or an empty subject, naming the option', async () => {
    await expect(mintDevelopmentToken({ dataDir, role: 'bogus', subject: 'x' })).rejects.toThrow(/^--role must be one of negotiator, records-officer, legal-counsel, analyst, admin/);
    await expect(mintDevelopmentToken({ dataDir, role: 'admin', subject: ' ' })).rejects.toThrow(/^--sub /);
  });
});
