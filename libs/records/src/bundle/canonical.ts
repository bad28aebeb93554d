import { createHash } from 'node:crypto';
import { canonicalJson } from '#bundle-verifier';
import type { Bundle, BundleManifest, JsonValue, UnsignedManifest } from './format.js';

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

const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/;

/** A section as the builder stores it: its text in the file and the digest the manifest records for it. */
export interface StoredSection {
  readonly text: string;
  readonly digest: string;
}

/**
 * A provider's value as the file stores it (JSON.stringify of toPlainJson's value) and its digest
 * (sectionHash of that value), from one serialization: with each object's keys in sorted order the
 * text is the canonical JSON the digest covers. A value with a key like an array index (which
 * JavaScript enumerates first, whatever its order) takes the way through toPlainJson and sectionHash.
 * Rejects what toPlainJson rejects.
 */
export function storedSection(value: unknown, where: string): StoredSection {
  let indexKey = false;
  const text =
    value === undefined
      ? undefined
      : (JSON.stringify(value, (_key, v: unknown) => {
          if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`${where}: ${v} is not a JSON number`);
          if (typeof v === 'bigint') throw new Error(`${where}: a bigint is not JSON (write large integers as strings)`);
          if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
          const keys = Object.keys(v);
          let ordered = true;
          for (let i = 0; i < keys.length; i++) {
            if (ARRAY_INDEX.test(keys[i]!)) indexKey = true;
            if (i > 0 && keys[i - 1]! >= keys[i]!) ordered = false;
          }
          if (ordered) return v;
          const sorted: Record<string, unknown> = {};
          for (const key of keys.sort()) sorted[key] = (v as Record<string, unknown>)[key];
          return sorted;
        }) as string | undefined);
  if (text !== undefined && !indexKey) return { text, digest: sha256Hex(text) };
  const plain = toPlainJson(value, where);
  return { text: JSON.stringify(plain), digest: sectionHash(plain) };
}

/** The stored text of each section a builder made, by the getter that stands for it in the bundle's sections. */
const storedTexts = new WeakMap<object, string>();

/**
 * The bundle's sections as an object whose properties parse their stored text when first read (the
 * value toPlainJson gives), so a file written as JSON never parses them: JSON.stringify and
 * bundleJsonChunks read them as they are. Assigning a property replaces it with the value assigned.
 */
export function storedSections(stored: ReadonlyMap<string, StoredSection>): Record<string, JsonValue> {
  const sections: Record<string, JsonValue> = {};
  for (const [name, { text }] of stored) {
    const materialize = (value: JsonValue) => Object.defineProperty(sections, name, { value, writable: true, enumerable: true, configurable: true });
    const get = () => {
      const value = JSON.parse(text) as JsonValue;
      materialize(value);
      return value;
    };
    storedTexts.set(get, text);
    Object.defineProperty(sections, name, { get, set: materialize, enumerable: true, configurable: true });
  }
  return sections;
}

/** Events per piece of the file bundleJsonChunks hands out. */
const EVENTS_PER_CHUNK = 2000;

/**
 * JSON.stringify(bundle), in pieces: sections built by storedSections as their stored text (unread
 * and unreplaced), the events a few thousand at a time, so no one string holds the whole file.
 */
export function* bundleJsonChunks(bundle: Bundle): Generator<string> {
  const top = bundle as unknown as Record<string, unknown>;
  let comma = '';
  yield '{';
  for (const key of Object.keys(top)) {
    const value = top[key];
    if (key === 'sections' && isPlainObject(value)) {
      yield `${comma}${JSON.stringify(key)}:{`;
      let inner = '';
      for (const name of Object.keys(value)) {
        const get = Object.getOwnPropertyDescriptor(value, name)?.get;
        const text = get === undefined ? undefined : storedTexts.get(get);
        const written = text ?? JSON.stringify(value[name]);
        if (written === undefined) continue;
        // Apart: a section's text is most of the file, and joined to its key it would be copied.
        yield `${inner}${JSON.stringify(name)}:`;
        yield written;
        inner = ',';
      }
      yield '}';
    } else if (key === 'events' && isPlainObject(value) && Object.values(value).every(Array.isArray)) {
      yield `${comma}${JSON.stringify(key)}:{`;
      let inner = '';
      for (const [stream, entries] of Object.entries(value as Record<string, unknown[]>)) {
        yield `${inner}${JSON.stringify(stream)}:[`;
        for (let i = 0; i < entries.length; i += EVENTS_PER_CHUNK) {
          const slice = JSON.stringify(entries.slice(i, i + EVENTS_PER_CHUNK));
          yield `${i === 0 ? '' : ','}${slice.slice(1, -1)}`;
        }
        yield ']';
        inner = ',';
      }
      yield '}';
    } else {
      const written = JSON.stringify(value);
      if (written === undefined) continue;
      yield `${comma}${JSON.stringify(key)}:${written}`;
    }
    comma = ',';
  }
  yield '}';
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value) && typeof (value as { toJSON?: unknown }).toJSON !== 'function';

/** The bundle as its JSON file holds it (JSON.stringify(bundle)), as UTF-8 bytes. */
export function bundleJsonBytes(bundle: Bundle): Buffer {
  const chunks = [...bundleJsonChunks(bundle)];
  const out = Buffer.allocUnsafe(chunks.reduce((n, chunk) => n + Buffer.byteLength(chunk, 'utf8'), 0));
  let at = 0;
  for (const chunk of chunks) at += out.write(chunk, at, 'utf8');
  return out;
}
