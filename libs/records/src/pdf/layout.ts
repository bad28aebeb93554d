import { createHash } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import { type FontRole, fontRuns, pdfFonts, primaryFont } from './fonts.js';

/*
 * A small layout layer over pdfkit: headings, paragraphs, key–value lists and tables that break
 * across pages (repeating their header). Text is drawn in embedded, subset Noto fonts, run by run
 * along a fallback chain (fonts.ts), so it appears exactly as recorded.
 */

export type Doc = InstanceType<typeof PDFDocument>;

/** What PDFWriter.attach uses of pdfkit beyond its type declarations (pdfkit 0.20: the members its own `file` uses). */
interface AttachingDoc {
  ref(data: Record<string, unknown>): { end(chunk?: Uint8Array): void };
  addNamedEmbeddedFile(name: string, ref: unknown): void;
  readonly _root: { readonly data: { AF?: unknown[] } };
}

/** A PDF name as pdfkit writes one: characters outside the regular set as #XX. */
function pdfName(name: string): string {
  let escaped = '';
  for (const char of name) {
    const code = char.charCodeAt(0);
    const regular = code > 0x7f || (code > 0x20 && code !== 0x7f && !'#%()/<>[]{}'.includes(char));
    escaped += regular ? char : `#${code.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return escaped;
}

/** Text as drawn: canonically composed (NFC, the same characters), without carriage returns or control characters; tabs as two spaces. */
export function pdfText(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return text.normalize('NFC').replace(/\r/g, '').replace(/\t/g, '  ').replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '');
}

export interface TextStyle {
  readonly role?: FontRole;
  readonly size: number;
  readonly color?: string;
}

export interface Column {
  readonly header: string;
  /** Relative width. */
  readonly weight: number;
  readonly mono?: boolean;
  readonly align?: 'left' | 'right' | 'center';
}

export class PdfWriter {
  readonly doc: Doc;
  private readonly pad = 2;
  /** Noto's line height (1.36 em) is generous for tables and notes: lines are drawn this much closer, in points per point of type size. */
  private readonly tightening = 0.12;

  constructor(info: { title: string; author: string; subject: string; creationDate: Date }) {
    this.doc = new PDFDocument({
      // PDF/A-3b: fonts embedded, XMP metadata and an sRGB output intent (pdfkit writes both), and files may be attached.
      subset: 'PDF/A-3b',
      pdfVersion: '1.7',
      lang: 'en-US',
      displayTitle: true,
      size: 'LETTER',
      margins: { top: 42, bottom: 46, left: 50, right: 50 },
      bufferPages: true,
      info: { Title: pdfText(info.title), Author: pdfText(info.author), Subject: pdfText(info.subject), Creator: 'labor relations record', Producer: 'labor relations record (pdfkit)', CreationDate: info.creationDate },
    });
    for (const { name, data } of pdfFonts()) this.doc.registerFont(name, data);
    this.doc.font(primaryFont('sans'));
  }

  /**
   * Draws text at (x, y), or where the last text ended when x is undefined, run by run in the
   * fonts of the style's chain; pdfkit's `continued` keeps the runs on one flow of lines.
   */
  write(value: unknown, style: TextStyle, x: number | undefined, y: number | undefined, options: PDFKit.Mixins.TextOptions = {}): void {
    const doc = this.doc;
    const text = pdfText(value);
    const runs = fontRuns(text, style.role ?? 'sans');
    doc.fillColor(style.color ?? '#1a1a1a').fontSize(style.size);
    if (runs.length <= 1) {
      doc.font(runs[0]?.font ?? primaryFont(style.role ?? 'sans'));
      if (x === undefined) doc.text(text, options);
      else doc.text(text, x, y, options);
      return;
    }
    runs.forEach((run, i) => {
      doc.font(run.font);
      const runOptions = { ...options, continued: i < runs.length - 1 };
      if (i === 0 && x !== undefined) doc.text(run.text, x, y, runOptions);
      else doc.text(run.text, runOptions);
    });
  }

  /** The height text takes at a width: the tallest of its fonts' measurements (a run in a taller font makes its line taller). */
  heightOf(value: unknown, style: TextStyle, width: number, lineGap = 0): number {
    const doc = this.doc;
    const text = pdfText(value) || ' ';
    const fonts = new Set(fontRuns(text, style.role ?? 'sans').map((r) => r.font));
    if (fonts.size === 0) fonts.add(primaryFont(style.role ?? 'sans'));
    doc.fontSize(style.size);
    // pdfkit's box check (with ellipsis) wants room for two full lines, without the gap, below the next-to-last line.
    return Math.max(...[...fonts].map((f) => doc.font(f).heightOfString(text, { width, lineGap }))) + 2 * Math.max(0, -lineGap) + 0.5;
  }

  get left(): number {
    return this.doc.page.margins.left;
  }

  get width(): number {
    return this.doc.page.width - this.doc.page.margins.left - this.doc.page.margins.right;
  }

  get bottom(): number {
    return this.doc.page.height - this.doc.page.margins.bottom;
  }

  /** Starts a new page unless at least `space` points are left on this one. */
  ensureSpace(space: number): void {
    if (this.doc.y + space > this.bottom) this.doc.addPage();
  }

  newPage(): void {
    this.doc.addPage();
  }

  heading(text: string, level: 1 | 2 | 3 = 1): void {
    const size = level === 1 ? 13.5 : level === 2 ? 10.5 : 9.5;
    this.ensureSpace(size * 4);
    if (level === 1 && this.doc.y > this.doc.page.margins.top + 1) this.doc.moveDown(0.4);
    this.write(text, { role: 'bold', size }, this.left, this.doc.y, { width: this.width });
    if (level === 1) {
      const y = this.doc.y + 2;
      this.doc.moveTo(this.left, y).lineTo(this.left + this.width, y).lineWidth(0.8).strokeColor('#555555').stroke();
      this.doc.y = y + 4;
    } else {
      this.doc.moveDown(0.15);
    }
  }

  paragraph(text: string, options: { size?: number; mono?: boolean; bold?: boolean; indent?: number; color?: string; gap?: number } = {}): void {
    const size = options.size ?? 9;
    const indent = options.indent ?? 0;
    this.ensureSpace(size * 2);
    this.write(text, { role: options.mono ? 'mono' : options.bold ? 'bold' : 'sans', size, color: options.color }, this.left + indent, this.doc.y, { width: this.width - indent, lineGap: -this.tightening * size });
    this.doc.moveDown(options.gap ?? 0.35);
  }

  keyValues(pairs: readonly (readonly [string, unknown])[], options: { keyWeight?: number; mono?: readonly string[] } = {}): void {
    const keyWeight = options.keyWeight ?? 1;
    this.table(
      [
        { header: '', weight: keyWeight },
        { header: '', weight: 3 },
      ],
      pairs.map(([k, v]) => [k, v === null || v === undefined || v === '' ? '–' : String(v)]),
      { header: false, boldFirstColumn: true, monoRows: new Set(pairs.map(([k], i) => (options.mono?.includes(k) ? i : -1)).filter((i) => i >= 0)) },
    );
  }

  /** A table that breaks across pages; cells wrap; a cell taller than a page is cut with an ellipsis (the JSON has it whole). */
  table(columns: readonly Column[], rows: readonly (readonly string[])[], options: { size?: number; header?: boolean; boldFirstColumn?: boolean; monoRows?: ReadonlySet<number> } = {}): void {
    const doc = this.doc;
    const size = options.size ?? 7;
    const lineGap = -this.tightening * size;
    const pad = this.pad;
    const total = columns.reduce((n, c) => n + c.weight, 0);
    const widths = columns.map((c) => (c.weight / total) * this.width);
    const showHeader = options.header !== false;
    const roleOf = (col: number, row: number | null): FontRole =>
      row === null ? 'bold' : columns[col]!.mono || (col > 0 && options.monoRows?.has(row)) ? 'mono' : col === 0 && options.boldFirstColumn ? 'bold' : 'sans';
    const maxRow = this.bottom - doc.page.margins.top - 40;

    const rowHeight = (cells: readonly string[], row: number | null) =>
      Math.min(
        maxRow,
        Math.max(
          ...cells.map((cell, col) => this.heightOf(cell, { role: roleOf(col, row), size }, widths[col]! - 2 * pad, lineGap)),
        ) + 2 * pad,
      );

    const drawRow = (cells: readonly string[], row: number | null, height: number) => {
      const y = doc.y;
      if (row === null) doc.rect(this.left, y, this.width, height).fill('#e4e4e4');
      else if (row % 2 === 1) doc.rect(this.left, y, this.width, height).fill('#f5f5f5');
      let x = this.left;
      cells.forEach((cell, col) => {
        this.write(pdfText(cell) || ' ', { role: roleOf(col, row), size }, x + pad, y + pad, { width: widths[col]! - 2 * pad, height: height - 2 * pad, ellipsis: true, lineGap, align: columns[col]!.align ?? 'left' });
        x += widths[col]!;
      });
      doc.moveTo(this.left, y + height).lineTo(this.left + this.width, y + height).lineWidth(0.3).strokeColor('#bbbbbb').stroke();
      doc.x = this.left;
      doc.y = y + height;
    };

    const header = columns.map((c) => c.header);
    const headerHeight = showHeader ? rowHeight(header, null) : 0;
    const startPage = () => {
      if (showHeader) drawRow(header, null, headerHeight);
    };
    this.ensureSpace(headerHeight + 20);
    startPage();
    rows.forEach((cells, row) => {
      const height = rowHeight(cells, row);
      if (doc.y + height > this.bottom) {
        doc.addPage();
        startPage();
      }
      drawRow(cells, row, height);
    });
    doc.y += 8;
    doc.x = this.left;
  }

  /** Writes "page N of M" and a running header on every page. Call once, after all content. */
  finishPages(footerLeft: string, headerText: string): void {
    const doc = this.doc;
    const range = doc.bufferedPageRange();
    for (let i = range.start; i < range.start + range.count; i++) {
      doc.switchToPage(i);
      const { margins } = doc.page;
      const bottom = margins.bottom;
      margins.bottom = 0;
      const y = doc.page.height - 32;
      doc.moveTo(margins.left, y - 6).lineTo(doc.page.width - margins.right, y - 6).lineWidth(0.4).strokeColor('#999999').stroke();
      const style = { size: 7.5, color: '#444444' };
      this.write(footerLeft, style, margins.left, y, { width: this.width * 0.7, lineBreak: false, ellipsis: true });
      this.write(`page ${i - range.start + 1} of ${range.count}`, style, margins.left, y, { width: this.width, align: 'right', lineBreak: false });
      if (i > range.start) this.write(headerText, style, margins.left, 22, { width: this.width, align: 'right', lineBreak: false, ellipsis: true });
      margins.bottom = bottom;
    }
  }

  /**
   * Attaches a file (PDF/A-3 associated file), e.g. the signed JSON the PDF renders: the objects
   * pdfkit's `file` writes (an EmbeddedFile stream with its MD5 checksum and size, a Filespec with its
   * /AFRelationship, listed in the EmbeddedFiles name tree and the catalog's /AF), with the checksum
   * from node:crypto and the stream deflated at zlib's fastest level. pdfkit's own JavaScript MD5 and
   * default-level deflate took most of the PDF's time on a 127 MB bundle.
   */
  attach(data: Buffer, name: string, type: string, description: string, relationship: 'Source' | 'Data' | 'Supplement' | 'Unspecified' = 'Source'): void {
    const doc = this.doc as Doc & AttachingDoc;
    const at = doc.info.CreationDate as Date;
    const file = doc.ref({
      Type: 'EmbeddedFile',
      Subtype: pdfName(type),
      Params: { CreationDate: at, ModDate: at, CheckSum: new String(createHash('md5').update(data).digest('hex')), Size: data.byteLength },
      Filter: 'FlateDecode',
    });
    file.end(deflateSync(data, { level: 1 }));
    const spec = doc.ref({ Type: 'Filespec', AFRelationship: relationship, F: new String(name), EF: { F: file }, UF: new String(name), Desc: new String(description) });
    spec.end();
    doc.addNamedEmbeddedFile(name, spec);
    const catalog = doc._root.data;
    catalog.AF = [...(catalog.AF ?? []), spec];
  }

  async toBuffer(): Promise<Buffer> {
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((resolve, reject) => {
      this.doc.on('data', (chunk: Buffer) => chunks.push(chunk));
      this.doc.on('end', () => resolve(Buffer.concat(chunks)));
      this.doc.on('error', reject);
    });
    this.doc.end();
    return done;
  }
}
