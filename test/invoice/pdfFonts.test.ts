// The embedded fonts: every invoice starts its subsets with the same glyph repertoire, so invoices
// share font programs (encoded once per process), and text outside the repertoire still prints.
import { computeInvoice } from '../../src/invoice/computeInvoice';
import { embeddedFont } from '../../src/invoice/pdf/fonts';
import { GLYPH_REPERTOIRE, LIGATURES } from '../../src/invoice/pdf/documentFonts';
import { renderInvoicePdf } from '../../src/invoice/pdf/renderInvoicePdf';
import { shareTextLayouts, type LayingOutFont } from '../../src/invoice/pdf/textLayouts';
import PDFDocument from 'pdfkit';
import { consumer, contractDraft, draft } from './fixtures';
import { havePoppler, pdfFonts, pdfText } from './poppler';

interface LaidOut {
  layout(text: string): { glyphs: { id: number }[] };
}

/** The FontFile2 streams (compressed font programs) of a PDF, in object order. */
function fontPrograms(pdf: Buffer): string[] {
  const text = pdf.toString('latin1');
  return [...text.matchAll(/\/FontFile2 (\d+) 0 R/g)].map(([, id]) => {
    const start = text.indexOf('stream\n', text.indexOf(`\n${id} 0 obj\n`)) + 'stream\n'.length;
    return text.slice(start, text.indexOf('\nendstream', start));
  });
}

describe('invoice PDF fonts', () => {
  it('lays the repertoire out as one glyph per character, in order, and each ligature as one glyph', () => {
    const characters = [...GLYPH_REPERTOIRE];
    for (const name of ['regular', 'bold'] as const) {
      const font = embeddedFont(name) as unknown as LaidOut;
      expect(font.layout(GLYPH_REPERTOIRE).glyphs.map((glyph) => glyph.id)).toEqual(
        characters.map((character) => font.layout(character).glyphs[0].id),
      );
      for (const ligature of LIGATURES) expect(font.layout(ligature).glyphs).toHaveLength(1);
    }
  });

  it('shapes a word once per process, not once per document', async () => {
    const invoice = computeInvoice(draft());
    await renderInvoicePdf(invoice);
    const fonts = (['regular', 'bold'] as const).map((name) => embeddedFont(name) as unknown as LaidOut);
    const shaped: string[] = [];
    const originals = fonts.map((font) => font.layout);
    fonts.forEach((font, i) => {
      font.layout = (text: string) => {
        shaped.push(text);
        return originals[i].call(font, text);
      };
    });
    try {
      await renderInvoicePdf(invoice);
      await renderInvoicePdf(computeInvoice(draft({ number: 'VW-2025-000777' })));
    } finally {
      fonts.forEach((font, i) => (font.layout = originals[i]));
    }
    // Only the new invoice number is shaped: as drawn in the head and, with its space, in the footer.
    expect(shaped).toEqual(['VW-2025-000777', 'VW-2025-000777 ']);
  });

  it('lays a whole string out once per process, with the result PDFKit gives', () => {
    /** PDFKit's EmbeddedFont of a new document, its layout calls counted before anything is shared. */
    const documentFont = () => {
      const doc = new PDFDocument({ font: null as unknown as string });
      doc.registerFont('regular', embeddedFont('regular'));
      doc.font('regular');
      const font = (doc as unknown as { _font: LayingOutFont & { encode(text: string): unknown } })._font;
      const layout = font.layout.bind(font);
      const texts: string[] = [];
      font.layout = (text, features, onlyWidth) => {
        texts.push(text);
        return layout(text, features, onlyWidth);
      };
      return { doc, font, texts };
    };
    const text = 'Ladevorgang S-4711 · 23,456 kWh';
    const plain = documentFont();
    const expected = { width: plain.doc.widthOfString(text), encoded: plain.font.encode(text) };

    const first = documentFont();
    shareTextLayouts(first.font, 'regular');
    const second = documentFont();
    shareTextLayouts(second.font, 'regular');
    for (const { doc, font } of [first, second, first]) {
      expect(doc.widthOfString(text)).toBe(expected.width);
      expect(font.encode(text)).toEqual(expected.encoded);
    }
    // Laid out by PDFKit once, for the first document; the second is given the same result.
    expect(first.texts).toEqual([text]);
    expect(second.texts).toEqual([]);
  });

  it('gives different invoices the same font programs', async () => {
    const business = await renderInvoicePdf(computeInvoice(draft()));
    const receipt = await renderInvoicePdf(
      computeInvoice(draft({ customer: { ...consumer, language: 'en' }, number: 'VW-2025-009999' })),
    );
    const contract = await renderInvoicePdf(computeInvoice(contractDraft(25)));
    expect(fontPrograms(business)).toHaveLength(2);
    expect(fontPrograms(receipt)).toEqual(fontPrograms(business));
    expect(fontPrograms(contract)).toEqual(fontPrograms(business));
  });

  (havePoppler ? it : it.skip)(
    'prints names outside the repertoire, from glyphs added after it',
    async () => {
      const name = 'Łukasz Żółć, Ἀθῆναι, Москва';
      const pdf = await renderInvoicePdf(computeInvoice(draft({ customer: { ...consumer, name } })));
      expect(pdfText(pdf)).toContain(name);
      for (const row of pdfFonts(pdf)) expect(row.slice(4, 7)).toEqual(['yes', 'yes', 'yes']);
      expect(fontPrograms(pdf)).not.toEqual(fontPrograms(await renderInvoicePdf(computeInvoice(draft()))));
    },
  );
});
