// Whole strings laid out once per process. PDFKit lays a string out word by word (from its word
// cache) every time it measures or draws it, and the invoice measures each cell before drawing it
// (layout.ts `fit`), then draws it, which measures it twice more: about a quarter of an invoice's
// CPU time went into re-joining the same words. Labels, units and most amounts repeat across
// invoices, so the result for a whole string is kept too; PDFKit only reads it.
//
// Uses PDFKit's EmbeddedFont.layout (pdfkit 0.20, js/pdfkit.js), which its type declarations leave
// out; test/invoice/pdfFonts.test.ts fails if it stops being used.
import type { FontName } from './fonts';

/** What PDFKit's EmbeddedFont.layout returns: glyphs and positions are null when only the width was asked. */
interface LaidOutText {
  glyphs: unknown[] | null;
  positions: unknown[] | null;
  advanceWidth: number;
}

export interface LayingOutFont {
  layout(text: string, features?: unknown, onlyWidth?: boolean): LaidOutText;
}

/** Strings kept per font; unique ones (invoice numbers, amounts, dates) make the map grow. */
const TEXTS_KEPT = 5_000;

const shared = new Map<FontName, Map<string, LaidOutText>>();

/** Makes one document's font answer from (and add to) the process's laid-out strings of that font. */
export function shareTextLayouts(font: LayingOutFont, name: FontName): void {
  let texts = shared.get(name);
  if (!texts) {
    texts = new Map();
    shared.set(name, texts);
  }
  const known = texts;
  const layout = font.layout.bind(font);
  font.layout = (text, features, onlyWidth) => {
    // OpenType features change the glyphs; PDFKit skips its own caches for them too.
    if (features) return layout(text, features, onlyWidth);
    let laidOut = known.get(text);
    if (!laidOut) {
      laidOut = layout(text, undefined, false);
      if (known.size >= TEXTS_KEPT) known.clear();
      known.set(text, laidOut);
    }
    return laidOut;
  };
}
