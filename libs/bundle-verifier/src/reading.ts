import type { VerificationReport } from './verifier.js';

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

/**
 * A bundle file's bytes, parsed: what `verify`, the standalone script and the standalone page read.
 * A JSON file is the bundle; a PDF rendering is read for the bundle it carries attached. Throws
 * BundleUnreadable naming `source` when neither gives JSON.
 */
export async function readBundleFile(bytes: Uint8Array, source: string): Promise<ReadBundle> {
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

/** The one-line verdict of a bundle that does not verify (its problems are in the report). */
export function notIntactSummary(report: VerificationReport): string {
  return `bundle ${report.bundleId ?? '(unknown)'} is NOT intact: ${report.problems.length} problem(s), listed above`;
}
