import { createHash } from 'node:crypto';
import { canonicalJson } from '#bundle-verifier';
import type { BundleManifest, JsonValue, UnsignedManifest } from './format.js';

export { canonicalJson };

export function sha256Hex(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/** The hash the manifest records for a section: SHA-256 over its canonical JSON. */
export function sectionHash(value: JsonValue): string {
  return sha256Hex(canonicalJson(value));
}

/** The bytes the signature covers: the canonical JSON of the manifest without its signature. */
export function manifestSigningBytes(manifest: UnsignedManifest | BundleManifest): Buffer {
  const { signature: _signature, ...unsigned } = manifest as BundleManifest;
  return Buffer.from(canonicalJson(unsigned), 'utf8');
}

/**
 * A provider's value as plain JSON: what is hashed is exactly what a reader parses back. Rejects
 * what JSON cannot carry faithfully (non-finite numbers, functions, class instances with state).
 */
export function toPlainJson(value: unknown, where: string): JsonValue {
  if (value === undefined) throw new Error(`${where}: a section value may not be undefined`);
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`${where}: ${v} is not a JSON number`);
    if (typeof v === 'bigint') throw new Error(`${where}: a bigint is not JSON (write large integers as strings)`);
    return v;
  });
  return JSON.parse(text) as JsonValue;
}
