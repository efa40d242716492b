// The two embedded fonts, parsed once per process, with their subsets' font programs encoded once per
// glyph sequence: at the end of each document PDFKit has fontkit write a font program holding the
// glyphs the document used, in the order it first used them, and the same sequence gives the same
// bytes. With the repertoire every document starts with (documentFonts.ts), nearly all invoices share
// one sequence. Word layouts are shared across documents there too.
import { readFileSync } from 'fs';
import path from 'path';
import { BoundedCache } from './boundedCache';

export type FontName = 'regular' | 'bold';

/** DejaVu Sans Condensed (assets/fonts): PDF/A needs embedded fonts; it has € and wide Unicode coverage. */
const FONT_FILES: Record<FontName, string> = {
  regular: 'DejaVuSansCondensed.ttf',
  bold: 'DejaVuSansCondensed-Bold.ttf',
};

/** fontkit's subset: glyph ids in the order PDFKit included them, and the font program it writes. */
interface FontkitSubset {
  glyphs: number[];
  encode(): Uint8Array;
}

interface FontkitFont {
  createSubset(): FontkitSubset;
}

// fontkit is PDFKit's own font engine (a dependency of pdfkit), so fonts parsed here are the ones PDFKit expects.
const fontkit: { create(data: Buffer): FontkitFont } = require('fontkit');

/** Font programs kept per font: one per glyph sequence; most invoices share the repertoire's. */
const SUBSETS_KEPT = 32;

function withMemoisedSubsets(font: FontkitFont): FontkitFont {
  const programs = new BoundedCache<string, Uint8Array>(SUBSETS_KEPT);
  const memoised: FontkitFont = Object.create(font);
  memoised.createSubset = () => {
    const subset = font.createSubset();
    const encode = subset.encode.bind(subset);
    subset.encode = () => {
      // The key is read before encoding: encode() appends the parts of composite glyphs (ä = a + ¨).
      const key = subset.glyphs.join(' ');
      let program = programs.get(key);
      if (!program) {
        program = encode();
        programs.set(key, program);
      }
      return program;
    };
    return subset;
  };
  return memoised;
}

const fonts = new Map<FontName, FontkitFont>();

/** The parsed font to register with PDFKit (it accepts a fontkit font wherever it takes font data). */
export function embeddedFont(name: FontName): string {
  let font = fonts.get(name);
  if (!font) {
    font = withMemoisedSubsets(
      fontkit.create(readFileSync(path.resolve(__dirname, '../../../assets/fonts', FONT_FILES[name]))),
    );
    fonts.set(name, font);
  }
  // PDFKit's type declarations only name file paths; at run time it takes the font object.
  return font as unknown as string;
}
