import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { create } from 'fontkit';

/*
 * The fonts the PDF embeds (subset to the glyphs used): Noto, shipped in libs/records/fonts with
 * their licence (OFL.txt). Each role has a fallback chain; text is split into runs, each drawn in
 * the first font of the chain that has a glyph for it, so every recorded character appears as
 * recorded — Latin with diacritics, Vietnamese, Greek and Cyrillic in Noto Sans; Chinese, Japanese
 * and Korean in Noto Sans CJK (one face maps every ideograph, kana and Hangul code point).
 */

export type FontRole = 'sans' | 'bold' | 'mono';

const FILES = {
  NotoSans: 'NotoSans-Regular.ttf',
  NotoSansBold: 'NotoSans-Bold.ttf',
  NotoSansMono: 'NotoSansMono-Regular.ttf',
  NotoSansCJK: 'NotoSansCJKsc-Regular.otf',
} as const;

export type FontName = keyof typeof FILES;

const CHAINS: Readonly<Record<FontRole, readonly FontName[]>> = {
  sans: ['NotoSans', 'NotoSansCJK'],
  bold: ['NotoSansBold', 'NotoSansCJK'],
  mono: ['NotoSansMono', 'NotoSans', 'NotoSansCJK'],
};

/** The fonts folder: beside src/ in the sources, or the repository's (image's) libs/records/fonts when run from dist/. */
function fontsDirectory(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const candidates = [join(here, '..', '..', 'fonts'), join(here, '..', '..', '..', '..', '..', 'libs', 'records', 'fonts')];
  const found = candidates.find((dir) => existsSync(join(dir, FILES.NotoSans)));
  if (!found) throw new Error(`the PDF fonts are missing: looked for ${FILES.NotoSans} in ${candidates.join(' and ')}`);
  return found;
}

interface LoadedFont {
  readonly data: Buffer;
  readonly covers: (codePoint: number) => boolean;
}

const loaded = new Map<FontName, LoadedFont>();

function font(name: FontName): LoadedFont {
  let entry = loaded.get(name);
  if (!entry) {
    const data = readFileSync(join(fontsDirectory(), FILES[name]));
    const parsed = create(data);
    const cache = new Map<number, boolean>();
    entry = {
      data,
      covers: (cp) => {
        let has = cache.get(cp);
        if (has === undefined) cache.set(cp, (has = parsed.hasGlyphForCodePoint(cp)));
        return has;
      },
    };
    loaded.set(name, entry);
  }
  return entry;
}

/** Every font a document may use, as name and file contents (to register once per document). */
export function pdfFonts(): readonly { readonly name: FontName; readonly data: Buffer }[] {
  return (Object.keys(FILES) as FontName[]).map((name) => ({ name, data: font(name).data }));
}

export function primaryFont(role: FontRole): FontName {
  return CHAINS[role][0]!;
}

export interface FontRun {
  readonly font: FontName;
  readonly text: string;
}

/** Characters that take the font of the character before them: spaces and combining marks. */
const FOLLOWS = /[\s\p{M}\u200c\u200d\ufe00-\ufe0f]/u;

/** Splits text into runs, each in the first font of the role's chain that has its glyphs. */
export function fontRuns(text: string, role: FontRole): FontRun[] {
  const chain = CHAINS[role];
  const runs: { font: FontName; text: string }[] = [];
  for (const ch of text) {
    const current = runs.at(-1);
    if (current && FOLLOWS.test(ch)) {
      current.text += ch;
      continue;
    }
    const cp = ch.codePointAt(0)!;
    const chosen = chain.find((name) => font(name).covers(cp)) ?? chain[0]!;
    if (current && current.font === chosen) current.text += ch;
    else runs.push({ font: chosen, text: ch });
  }
  return runs;
}
