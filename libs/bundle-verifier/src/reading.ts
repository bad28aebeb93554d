import { CHECKPOINT_SECTION } from './checkpoint.js';
import type { VerificationReport } from './verifier.js';
import { type Sha256Sync, sha256 } from './web-crypto.js';

/** A file given to the verifier is not a bundle it can read (not JSON, or a PDF that carries none). The message is one line. */
export class BundleUnreadable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BundleUnreadable';
  }
}

/** A bundle file as read: the parsed JSON, and where it came from (the file, or the bundle attached to the PDF). */
export interface ReadBundle {
  readonly bundle: unknown;
  readonly source: string;
}

const PDF_MAGIC = [0x25, 0x50, 0x44, 0x46, 0x2d]; // %PDF-

/** What this file needs of the platform (a browser, or Node 18+), declared so it needs neither DOM nor Node typings. */
interface Streams {
  Blob: new (parts: Uint8Array[]) => { stream(): { pipeThrough(transform: unknown): unknown } };
  Response: new (body: unknown) => { arrayBuffer(): Promise<ArrayBuffer> };
  DecompressionStream?: new (format: 'deflate') => unknown;
}

async function inflate(data: Uint8Array): Promise<Uint8Array> {
  const { Blob, Response, DecompressionStream } = globalThis as unknown as Streams;
  if (!DecompressionStream) throw new BundleUnreadable('this platform cannot decompress the PDF attachment (no DecompressionStream)');
  return new Uint8Array(await new Response(new Blob([data]).stream().pipeThrough(new DecompressionStream('deflate'))).arrayBuffer());
}

/**
 * The files a PDF carries as embedded file streams (how the audit file's PDF/A-3 rendering attaches
 * its signed JSON bundle): each `/Type /EmbeddedFile` stream with a direct `/Length`, unfiltered or
 * FlateDecode, decoded as UTF-8. Enough for the PDFs libs/records writes; not a general PDF parser.
 */
export async function pdfAttachments(bytes: Uint8Array): Promise<string[]> {
  // One character per byte, so positions in the text are positions in the bytes.
  const text = Array.from(bytes, (b) => String.fromCharCode(b)).join('');
  const found: string[] = [];
  for (const match of text.matchAll(/\/Type\s*\/EmbeddedFile\b/g)) {
    const head = /\bstream(\r\n|\n)/g;
    head.lastIndex = match.index;
    const opened = head.exec(text);
    if (!opened) continue;
    const dictionary = text.slice(text.lastIndexOf('obj', match.index), opened.index);
    const length = /\/Length\s+(\d+)(?!\s+\d+\s+R)/.exec(dictionary);
    if (!length) continue;
    const start = opened.index + opened[0].length;
    const data = bytes.subarray(start, start + Number(length[1]));
    const filter = /\/Filter\s*(?:\[\s*)?\/(\w+)/.exec(dictionary)?.[1];
    if (filter !== undefined && filter !== 'FlateDecode') continue;
    try {
      found.push(new TextDecoder('utf-8', { fatal: true }).decode(filter === 'FlateDecode' ? await inflate(data) : data));
    } catch (error) {
      if (error instanceof BundleUnreadable) throw error;
      // Not text, or not a stream this reader can decode: not a bundle.
    }
  }
  return found;
}

export interface ReadOptions {
  /** A synchronous SHA-256 (node:crypto's) for the digests of the sections as stored; WebCrypto's without one. */
  readonly sha256?: Sha256Sync;
}

/**
 * A bundle file's bytes, parsed: what `verify`, the standalone script and the standalone page read.
 * A JSON file is the bundle; a PDF rendering is read for the bundle it carries attached. Throws
 * BundleUnreadable naming `source` when neither gives JSON.
 *
 * A bundle as libs/records writes it is read without parsing its large sections when their bytes
 * as stored hash to the digests its manifest records (see storedSections): the parsed bundle is
 * the same, those sections are parsed when first read.
 */
export async function readBundleFile(bytes: Uint8Array, source: string, options: ReadOptions = {}): Promise<ReadBundle> {
  if (PDF_MAGIC.every((b, i) => bytes[i] === b)) {
    for (const attachment of await pdfAttachments(bytes)) {
      try {
        const bundle = JSON.parse(attachment) as unknown;
        if (typeof bundle === 'object' && bundle !== null && 'manifest' in bundle) return { bundle, source: `${source}, its attached bundle` };
      } catch {
        // another attachment
      }
    }
    throw new BundleUnreadable(`${source} is not JSON (it is a PDF that carries no attached bundle: pass the .json bundle)`);
  }
  const stored = await storedSections(bytes, options);
  if (stored !== null) return { bundle: stored, source };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new BundleUnreadable(`${source} is not JSON (it is not UTF-8 text)`);
  }
  try {
    return { bundle: JSON.parse(text.replace(/^\uFEFF/, '')) as unknown, source };
  } catch {
    throw new BundleUnreadable(`${source} is not JSON`);
  }
}

/*
 * Sections verified as stored. A section's digest is SHA-256 over its canonical JSON, and libs/records
 * writes each section as exactly that text, so a large section whose bytes in the file hash to the
 * digest the manifest records is the signed text itself: the verifier need not parse and
 * re-canonicalize it (most of an audit file's bytes are its article chains). The file is read as a
 * skeleton: each such section's bytes are replaced by a marker, and the rest (the manifest, the
 * events, the small sections) is parsed as JSON; the markers must land as the values of those
 * sections. Replacing a complete JSON value by another leaves the rest of the parse unchanged, and
 * bytes that hash to the signed digest are the complete value the signer canonicalized, so the
 * skeleton is the file's own parse. Anything else (a section whose bytes differ, a layout this
 * does not recognize, duplicate keys) reads the whole file the usual way, which names what differs.
 */

/** Sections smaller than this are parsed with the rest (hashing them as stored saves nothing), and the checkpoint, which the verifier reads. */
const STORED_SECTION_MIN_BYTES = 64 * 1024;
const FILE_HEAD = '{"format":"lrr-bundle/1","manifest":';
const PLAIN_NAME = /^[A-Za-z0-9_$-]+$/;

/** The SHA-256 each section read as stored hashed to, by the getter that stands for it. */
const storedDigests = new WeakMap<object, string>();

/**
 * The digest of section `name` of a bundle's `sections` as stored in the file it was read from, when it
 * was read as stored and not replaced since (the verifier then compares it instead of re-canonicalizing).
 */
export function storedSectionDigest(sections: object, name: string): string | undefined {
  const getter = Object.getOwnPropertyDescriptor(sections, name)?.get;
  return getter ? storedDigests.get(getter) : undefined;
}

/** Finds ASCII text within [from, to) of the file's bytes: with Node's Buffer where there is one, else in its windows-1252 text (one character per byte). */
interface ByteSearch {
  indexOf(text: string, from: number, to: number): number;
  lastIndexOf(text: string, from: number, to: number): number;
}

interface NodeBufferView {
  indexOf(text: string): number;
  lastIndexOf(text: string): number;
  subarray(from: number, to: number): NodeBufferView;
}

function byteSearch(bytes: Uint8Array): ByteSearch {
  const NodeBuffer = (globalThis as { Buffer?: { from(buffer: ArrayBufferLike, offset: number, length: number): NodeBufferView } }).Buffer;
  const found = (i: number, from: number) => (i < 0 ? -1 : from + i);
  if (NodeBuffer) {
    const buffer = NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    return {
      indexOf: (text, from, to) => found(buffer.subarray(from, to).indexOf(text), from),
      lastIndexOf: (text, from, to) => found(buffer.subarray(from, to).lastIndexOf(text), from),
    };
  }
  const chars = new TextDecoder('windows-1252').decode(bytes);
  return {
    indexOf: (text, from, to) => found(chars.slice(from, to).indexOf(text), from),
    lastIndexOf: (text, from, to) => found(chars.slice(from, to).lastIndexOf(text), from),
  };
}

/** How far one step of the search for the sections' keys reads before the other end takes a turn. */
const SEARCH_STEP = 1 << 20;

/**
 * Where each section's key starts, `"first":` at `open`, then `,"name":` in the manifest's order up to
 * `close`: searched from both ends in turns, so the largest section (most of the file) is usually
 * not read at all. null when a key is not found.
 */
function sectionKeys(find: ByteSearch, keys: readonly string[], open: number, close: number): number[] | null {
  const at: number[] = [open];
  let lo = 1;
  let hi = keys.length - 1;
  let forward = open + keys[0]!.length;
  let backward = close;
  let readForward = 0;
  let readBackward = 0;
  while (lo <= hi) {
    if (readForward <= readBackward) {
      const key = keys[lo]!;
      const to = Math.min(forward + SEARCH_STEP + key.length, backward);
      const i = find.indexOf(key, forward, to);
      if (i >= 0) {
        at[lo++] = i;
        forward = i + key.length;
      } else if (to === backward) return null;
      else {
        readForward += to - forward - key.length;
        forward = to - key.length;
      }
    } else {
      const key = keys[hi]!;
      const from = Math.max(backward - SEARCH_STEP - key.length, forward);
      const i = find.lastIndexOf(key, from, backward);
      if (i >= 0) {
        at[hi--] = i;
        backward = i;
      } else if (from === forward) return null;
      else {
        readBackward += backward - from - key.length;
        backward = from + key.length;
      }
    }
  }
  return at;
}

async function storedSections(bytes: Uint8Array, options: ReadOptions): Promise<object | null> {
  try {
    const find = byteSearch(bytes);
    if (find.indexOf(FILE_HEAD, 0, FILE_HEAD.length) !== 0) return null;
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    const text = (from: number, to: number) => utf8.decode(bytes.subarray(from, to));
    // The manifest: the first complete JSON value after its key that `},"sections":{` follows.
    let manifest: Record<string, unknown> | null = null;
    let open = FILE_HEAD.length;
    for (let at = find.indexOf('},"sections":{', open, bytes.length); at >= 0 && manifest === null; at = find.indexOf('},"sections":{', at + 1, bytes.length)) {
      try {
        const parsed = JSON.parse(text(open, at + 1)) as unknown;
        if (typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)) manifest = parsed as Record<string, unknown>;
        open = at + '},"sections":{'.length;
      } catch {
        // a `},"sections":{` inside the manifest
      }
    }
    const digests = manifest?.['sections'];
    if (manifest === null || typeof digests !== 'object' || digests === null) return null;
    const names = Object.keys(digests);
    if (names.length === 0 || !names.every((name) => PLAIN_NAME.test(name))) return null;
    // The sections, `"name":value` in the manifest's order, separated by commas, up to `},"events":{`.
    const close = find.lastIndexOf('},"events":{', open, bytes.length);
    if (close < 0) return null;
    const keys = names.map((name, i) => `${i === 0 ? '' : ','}"${name}":`);
    if (find.indexOf(keys[0]!, open, open + keys[0]!.length) !== open) return null;
    const starts = sectionKeys(find, keys, open, close);
    if (starts === null) return null;
    const spans: { name: string; from: number; to: number; digest: string }[] = [];
    for (const [i, name] of names.entries()) {
      const from = starts[i]! + keys[i]!.length;
      const to = i + 1 < names.length ? starts[i + 1]! : close;
      if (to < from) return null;
      if (to - from >= STORED_SECTION_MIN_BYTES && name !== CHECKPOINT_SECTION) spans.push({ name, from, to, digest: '' });
    }
    if (spans.length === 0) return null;
    const hash = sha256(options.sha256);
    for (const span of spans) {
      const digest = options.sha256 ? options.sha256([bytes.subarray(span.from, span.to)]) : await hash.hex(bytes.subarray(span.from, span.to));
      if (digest !== (digests as Record<string, unknown>)[span.name]) return null;
      span.digest = digest;
    }
    const nonce = Math.random().toString(36).slice(2);
    const marker = (name: string) => `\u0000stored section ${name} ${nonce}`;
    // The skeleton's bytes, decoded and parsed at once.
    const marks = spans.map((span) => new TextEncoder().encode(JSON.stringify(marker(span.name))));
    const skeleton = new Uint8Array(bytes.length + spans.reduce((n, span, k) => n - (span.to - span.from) + marks[k]!.length, 0));
    let read = 0;
    let written = 0;
    for (const [k, span] of spans.entries()) {
      skeleton.set(bytes.subarray(read, span.from), written);
      written += span.from - read;
      skeleton.set(marks[k]!, written);
      written += marks[k]!.length;
      read = span.to;
    }
    skeleton.set(bytes.subarray(read), written);
    const bundle = JSON.parse(utf8.decode(skeleton)) as Record<string, unknown>;
    const sections = bundle['sections'];
    if (typeof sections !== 'object' || sections === null || Array.isArray(sections)) return null;
    const signed = (bundle['manifest'] as Record<string, unknown> | undefined)?.['sections'] as Record<string, unknown> | undefined;
    if (!spans.every((span) => Object.getOwnPropertyDescriptor(sections, span.name)?.value === marker(span.name) && signed?.[span.name] === span.digest)) return null;
    for (const span of spans) {
      const materialize = (value: unknown) => Object.defineProperty(sections, span.name, { value, writable: true, enumerable: true, configurable: true });
      const get = () => {
        const value = JSON.parse(text(span.from, span.to)) as unknown;
        materialize(value);
        return value;
      };
      storedDigests.set(get, span.digest);
      Object.defineProperty(sections, span.name, { get, set: materialize, enumerable: true, configurable: true });
    }
    return bundle;
  } catch {
    return null;
  }
}

/** The one-line verdict of a bundle that does not verify (its problems are in the report). */
export function notIntactSummary(report: VerificationReport): string {
  return `bundle ${report.bundleId ?? '(unknown)'} is NOT intact: ${report.problems.length} problem(s), listed above`;
}
