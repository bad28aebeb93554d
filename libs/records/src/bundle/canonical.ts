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
 * Each object's keys are in canonical (RFC 8785) order, so the file stores a section as the very
 * text its digest covers (unless an object has array-index-like keys, which JavaScript enumerates
 * first): a verifier can then hash the section's bytes as stored instead of parsing and
 * re-canonicalizing it (libs/bundle-verifier, reading.ts).
 */
export function toPlainJson(value: unknown, where: string): JsonValue {
  if (value === undefined) throw new Error(`${where}: a section value may not be undefined`);
  const text = JSON.stringify(value, (_key, v: unknown) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`${where}: ${v} is not a JSON number`);
    if (typeof v === 'bigint') throw new Error(`${where}: a bigint is not JSON (write large integers as strings)`);
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const keys = Object.keys(v);
    if (keys.every((key, i) => i === 0 || keys[i - 1]! < key)) return v;
    const sorted: Record<string, unknown> = {};
    for (const key of keys.sort()) sorted[key] = (v as Record<string, unknown>)[key];
    return sorted;
  });
  return JSON.parse(text) as JsonValue;
}
