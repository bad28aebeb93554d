import canonicalize from 'canonicalize';

/*
 * The cryptography a bundle verifier needs, through WebCrypto (globalThis.crypto.subtle) and RFC 8785
 * canonical JSON only: the same code runs in Node (20+) and in a browser, and can be bundled into a
 * page or a script with no other dependency.
 */

const rfc8785 = canonicalize as unknown as (value: unknown) => string | undefined;
const encoder = new TextEncoder();

/** A key given to the verifier was not an Ed25519 key it can use. The message is one line. */
export class BundleKeyInvalid extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleKeyInvalid';
  }
}

/** An opaque WebCrypto key. */
export type WebCryptoKey = { readonly type: string; readonly algorithm: unknown };

/** The part of WebCrypto's SubtleCrypto used here, declared so this file needs neither DOM nor Node typings. */
interface Subtle {
  digest(algorithm: 'SHA-256', data: Uint8Array): Promise<ArrayBuffer>;
  importKey(format: 'spki' | 'pkcs8', data: Uint8Array, algorithm: { name: 'Ed25519' }, extractable: boolean, usages: string[]): Promise<WebCryptoKey>;
  importKey(format: 'jwk', data: { kty: string; crv: string; x: string }, algorithm: { name: 'Ed25519' }, extractable: boolean, usages: string[]): Promise<WebCryptoKey>;
  exportKey(format: 'jwk', key: WebCryptoKey): Promise<{ x?: string }>;
  exportKey(format: 'spki', key: WebCryptoKey): Promise<ArrayBuffer>;
  verify(algorithm: { name: 'Ed25519' }, key: WebCryptoKey, signature: Uint8Array, data: Uint8Array): Promise<boolean>;
}

function subtle(): Subtle {
  const crypto = (globalThis as { crypto?: { subtle?: Subtle } }).crypto;
  if (!crypto?.subtle) throw new Error('WebCrypto (crypto.subtle) is not available here: a browser needs a secure context (https or localhost)');
  return crypto.subtle;
}

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;
const UNORDERABLE = Symbol('an object key JSON.stringify would put first');

/**
 * RFC 8785 canonical JSON text of a plain JSON value. JSON.stringify writes it when each object's
 * keys are handed to it in sorted order (its numbers and strings are RFC 8785's), three times as
 * fast as the canonicalizer on the large sections of a big audit file; a value with a key that
 * looks like an array index (which JavaScript enumerates first, whatever its order) goes to the
 * canonicalizer.
 */
export function canonicalJson(value: unknown): string {
  let text: string | undefined;
  try {
    text = JSON.stringify(value, function sorted(_key, v: unknown) {
      if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`${v} is not allowed in canonical JSON`);
      if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
      const keys = Object.keys(v);
      let ordered = true;
      for (let i = 0; i < keys.length; i++) {
        if (ARRAY_INDEX.test(keys[i]!)) throw UNORDERABLE;
        if (i > 0 && keys[i - 1]! > keys[i]!) ordered = false;
      }
      if (ordered) return v;
      const out: Record<string, unknown> = {};
      for (const key of keys.sort()) out[key] = (v as Record<string, unknown>)[key];
      return out;
    }) as string | undefined;
  } catch (error) {
    if (error !== UNORDERABLE) throw error;
    text = rfc8785(value);
  }
  if (text === undefined) throw new Error('value cannot be serialized as canonical JSON');
  return text;
}

export const hexOf = (bytes: ArrayBuffer | Uint8Array) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, '0')).join('');

export async function sha256Hex(data: string | Uint8Array): Promise<string> {
  return hexOf(await subtle().digest('SHA-256', typeof data === 'string' ? encoder.encode(data) : (data as Uint8Array<ArrayBuffer>)));
}

/**
 * A synchronous SHA-256, hex, over the concatenation of `parts` (strings as UTF-8): node:crypto's,
 * which the CLI and verify-bundle.mjs hand the verifier, fed part by part so no joined copy is made.
 * Without one the verifier uses WebCrypto's, one promise per digest, in batches.
 */
export type Sha256Sync = (parts: readonly (string | Uint8Array)[]) => string;

/** SHA-256 as the verifier uses it: hex digests, one or many at a time. */
export interface Sha256 {
  hex(data: string | Uint8Array): Promise<string>;
  /** The digests of many inputs, each given as the parts it concatenates, in order. */
  hexAll(inputs: readonly (readonly string[])[]): Promise<string[]>;
}

/** How many WebCrypto digests are in flight at once: enough to keep its thread busy, few enough to bound memory. */
const WEB_CRYPTO_BATCH = 1024;

export function sha256(sync?: Sha256Sync): Sha256 {
  if (sync) return { hex: async (data) => sync([data]), hexAll: async (inputs) => inputs.map(sync) };
  return {
    hex: sha256Hex,
    hexAll: async (inputs) => {
      const out: string[] = [];
      for (let i = 0; i < inputs.length; i += WEB_CRYPTO_BATCH) out.push(...(await Promise.all(inputs.slice(i, i + WEB_CRYPTO_BATCH).map((parts) => sha256Hex(parts.join(''))))));
      return out;
    },
  };
}

/** The parts one link of a stream's chain hashes: `prevHash + "\n" + canonical` (as the event store computes it). */
export const linkInput = (prevHash: string, canonical: string): readonly string[] => [prevHash, '\n', canonical];

/** One link of a stream's chain: SHA-256 over UTF-8 of `prevHash + "\n" + canonical`, hex. */
export function linkHash(prevHash: string, canonical: string): Promise<string> {
  return sha256Hex(linkInput(prevHash, canonical).join(''));
}

/** The hash the manifest records for a section: SHA-256 over its canonical JSON. */
export function sectionDigest(value: unknown, hash: Sha256 = sha256()): Promise<string> {
  return hash.hex(canonicalJson(value));
}

/** The bytes the signature covers: the canonical JSON of the manifest without its signature. */
export function signedManifestBytes(manifest: Readonly<Record<string, unknown>>): Uint8Array {
  const { signature: _signature, ...unsigned } = manifest;
  return encoder.encode(canonicalJson(unsigned));
}

export function base64ToBytes(text: string): Uint8Array {
  const binary = atob(text.replace(/\s+/g, ''));
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}


/** An Ed25519 public key ready to verify with, and its fingerprint. */
export interface VerificationKey {
  readonly key: WebCryptoKey;
  /** `sha256:` + hex SHA-256 of the key's SPKI DER: the name the records office publishes. */
  readonly fingerprint: string;
}

const PEM = /-----BEGIN ([A-Z ]+)-----([\s\S]*?)-----END \1-----/;

/**
 * An Ed25519 public key from PEM text: an SPKI public key, or a PKCS#8 private key (its public
 * half is taken). Throws BundleKeyInvalid for anything else.
 */
export async function ed25519VerificationKey(pem: string, what = 'key'): Promise<VerificationKey> {
  const match = PEM.exec(pem);
  if (!match) throw new BundleKeyInvalid(`${what} is not a PEM public or private key`);
  const label = match[1]!;
  let der: Uint8Array;
  try {
    der = base64ToBytes(match[2]!);
  } catch {
    throw new BundleKeyInvalid(`${what} is not a PEM public or private key (its body is not base64)`);
  }
  let key: WebCryptoKey;
  try {
    if (label === 'PUBLIC KEY') {
      key = await subtle().importKey('spki', der, { name: 'Ed25519' }, true, ['verify']);
    } else if (label === 'PRIVATE KEY') {
      const privateKey = await subtle().importKey('pkcs8', der, { name: 'Ed25519' }, true, ['sign']);
      const jwk = await subtle().exportKey('jwk', privateKey);
      key = await subtle().importKey('jwk', { kty: 'OKP', crv: 'Ed25519', x: jwk.x! }, { name: 'Ed25519' }, true, ['verify']);
    } else {
      throw new BundleKeyInvalid(`${what} is a PEM ${label.toLowerCase()}, not an Ed25519 public or private key`);
    }
  } catch (error) {
    if (error instanceof BundleKeyInvalid) throw error;
    throw new BundleKeyInvalid(`${what} is not an Ed25519 key`);
  }
  const spki = await subtle().exportKey('spki', key);
  return { key, fingerprint: `sha256:${await sha256Hex(new Uint8Array(spki))}` };
}

export async function verifyEd25519(key: WebCryptoKey, data: Uint8Array, signatureBase64: string): Promise<boolean> {
  try {
    return await subtle().verify({ name: 'Ed25519' }, key, base64ToBytes(signatureBase64), data);
  } catch {
    return false;
  }
}
