import { randomUUID } from 'node:crypto';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { calculateJwkThumbprint, exportJWK, generateKeyPair, importJWK, type CryptoKey, type JWK } from 'jose';

/** Claims every embedded token carries and every embedded verifier demands. */
export const EMBEDDED_ISSUER = 'urn:labor-relations-record:embedded';
export const EMBEDDED_AUDIENCE = 'labor-relations-record';
export const EMBEDDED_ALGORITHM = 'EdDSA';

export interface EmbeddedSigningKey {
  readonly kid: string;
  readonly privateKey: CryptoKey;
  readonly publicKey: CryptoKey;
}

export class SigningKeyUnusable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SigningKeyUnusable';
  }
}

export function signingKeyPath(dataDir: string): string {
  return join(dataDir, 'auth', 'signing-key.json');
}

/**
 * The embedded run's Ed25519 signing key: read from `<dataDir>/auth/signing-key.json`, or generated
 * there on first use. The API and the token CLI may both get here first, so the file is written
 * aside and linked into place, which fails instead of overwriting when the other one won.
 */
export async function loadOrCreateSigningKey(dataDir: string): Promise<EmbeddedSigningKey> {
  const path = signingKeyPath(dataDir);
  const existing = await readKeyFile(path);
  if (existing) return importKey(existing, path);

  await mkdir(join(dataDir, 'auth'), { recursive: true, mode: 0o700 });
  const { privateKey } = await generateKeyPair(EMBEDDED_ALGORITHM, { crv: 'Ed25519', extractable: true });
  const jwk = await exportJWK(privateKey);
  const stored: JWK = { ...jwk, kid: await calculateJwkThumbprint(jwk), alg: EMBEDDED_ALGORITHM, use: 'sig' };
  const aside = `${path}.${process.pid}.${randomUUID()}.tmp`;
  await writeFile(aside, `${JSON.stringify(stored, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  try {
    await link(aside, path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    await unlink(aside);
  }
  const winner = await readKeyFile(path);
  if (!winner) throw new SigningKeyUnusable(`signing key ${path} vanished while it was being created`);
  return importKey(winner, path);
}

async function readKeyFile(path: string): Promise<JWK | null> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  // A private key others can read is a key anyone on the machine can mint tokens with.
  if (process.platform !== 'win32' && ((await stat(path)).mode & 0o077) !== 0) {
    throw new SigningKeyUnusable(`signing key ${path} is readable by other users; run: chmod 600 ${path}`);
  }
  try {
    return JSON.parse(text) as JWK;
  } catch {
    throw new SigningKeyUnusable(`signing key ${path} is not valid JSON; delete it to generate a new key (existing tokens stop working)`);
  }
}

async function importKey(jwk: JWK, path: string): Promise<EmbeddedSigningKey> {
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519' || typeof jwk.d !== 'string' || typeof jwk.x !== 'string') {
    throw new SigningKeyUnusable(`signing key ${path} is not an Ed25519 private JWK; delete it to generate a new key`);
  }
  const { d: _private, ...publicJwk } = jwk;
  const kid = jwk.kid ?? (await calculateJwkThumbprint(publicJwk));
  const privateKey = (await importJWK(jwk, EMBEDDED_ALGORITHM)) as CryptoKey;
  const publicKey = (await importJWK(publicJwk, EMBEDDED_ALGORITHM)) as CryptoKey;
  return { kid, privateKey, publicKey };
}
