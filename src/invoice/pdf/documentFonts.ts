// What each new document does to PDFKit's font objects before anything is drawn, so the work fonts
// cost is done once per process instead of once per invoice:
//
// - Word layouts are shared. PDFKit keeps a word → laid-out glyphs cache per font per document, and
//   shaping a word with fontkit's OpenType engine is the most expensive step of drawing text. The
//   documents of a process share one cache per font (bounded: replaced when it has grown past
//   WORDS_KEPT), so a label, name or unit is shaped once.
// - Glyph repertoire. PDFKit numbers a document's glyphs in the order it first draws them and embeds a
//   font subset with exactly those, so two invoices rarely share a subset and each pays for encoding
//   its own (about a tenth of an invoice's CPU time). Every document starts with the same glyphs, in a
//   fixed order, so nearly all invoices embed the same subset bytes, which fonts.ts encodes once. The
//   cost is the repertoire's glyphs in every file (about 5 KB); text outside it (é, ł, Cyrillic names…)
//   still prints, from glyphs appended after it.
// - Whole strings are laid out once per process too (textLayouts.ts), on top of the words.
//
// Both use parts of PDFKit's EmbeddedFont (pdfkit 0.20, js/pdfkit.js) its type declarations leave out;
// test/invoice/pdfFonts.test.ts fails if they stop having their effect.
import type { FontName } from './fonts';
import { shareTextLayouts, type LayingOutFont } from './textLayouts';

/** Printable ASCII, the no-break space Intl puts in "0,35 €", German letters and the typography the layout prints. */
export const GLYPH_REPERTOIRE = `${asciiPrintable()}\u00a0ÄÖÜäöüß€–·•…`;

/** DejaVu's standard ligatures (fontkit applies 'liga'): "Your tariff" draws one "ff" glyph. */
export const LIGATURES = ['ff', 'fi', 'fl', 'ffi', 'ffl'] as const;

/** Laid-out words kept per font; unique words (invoice numbers, amounts) make it grow. */
const WORDS_KEPT = 10_000;
/** How often (in documents) the shared caches' size is checked. */
const CHECK_EVERY = 100;

function asciiPrintable(): string {
  let text = '';
  for (let code = 0x20; code < 0x7f; code++) text += String.fromCharCode(code);
  return text;
}

/** PDFKit's EmbeddedFont, as far as used here. */
interface EmbeddedFont extends LayingOutFont {
  /** Includes the glyphs of the text in the document's subset (and records widths and Unicode) without drawing. */
  encode(text: string): unknown;
  /** Word → laid-out run; PDFKit creates one per font per document. */
  layoutCache?: Record<string, unknown>;
}

interface DocumentWithFont {
  _font: EmbeddedFont;
}

const sharedLayouts = new Map<FontName, Record<string, unknown>>();
let documents = 0;

/** Sets up the named fonts of a new document: shared word layouts, then the glyph repertoire. */
export function prepareDocumentFonts(doc: PDFKit.PDFDocument, fonts: readonly FontName[]): void {
  if (++documents % CHECK_EVERY === 0) dropOversizedLayouts();
  for (const name of fonts) {
    doc.font(name);
    const font = (doc as unknown as DocumentWithFont)._font;
    let layouts = sharedLayouts.get(name);
    if (!layouts) {
      layouts = Object.create(null) as Record<string, unknown>;
      sharedLayouts.set(name, layouts);
    }
    font.layoutCache = layouts;
    shareTextLayouts(font, name);
    font.encode(GLYPH_REPERTOIRE);
    font.encode(LIGATURES.join(' '));
  }
}

function dropOversizedLayouts(): void {
  for (const [name, layouts] of sharedLayouts) {
    if (Object.keys(layouts).length > WORDS_KEPT) sharedLayouts.delete(name);
  }
}
