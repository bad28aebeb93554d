/** The part of fontkit (pdfkit's font engine, untyped) that the PDF's font chains use. */
declare module 'fontkit' {
  export interface Font {
    hasGlyphForCodePoint(codePoint: number): boolean;
  }
  export function create(data: Buffer, postscriptName?: string): Font;
}
