// How the invoice PDF's streams are finished and its file collected (src/invoice/pdf/streams.ts,
// output.ts): byte for byte what PDFKit writes, with the streams every invoice shares compressed once
// per process.
import zlib from 'zlib';
import PDFDocument from 'pdfkit';
import { computeInvoice } from '../../src/invoice/computeInvoice';
import { embeddedFont } from '../../src/invoice/pdf/fonts';
import { renderInvoicePdf } from '../../src/invoice/pdf/renderInvoicePdf';
import { collectOutput } from '../../src/invoice/pdf/output';
import { deflateOnce, finishStreamsOnce } from '../../src/invoice/pdf/streams';
import { consumer, draft } from './fixtures';

/** PDFKit's own output: every chunk its stream gives. */
function streamedOutput(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const chunks: Buffer[] = [];
  return new Promise<Buffer>((resolve) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

/** A small PDF/A-3b document with the kinds of stream an invoice has, drawn by plain PDFKit calls. */
function drawnDocument(finishing: boolean): Promise<Buffer> {
  const date = new Date('2025-04-01T00:00:00Z');
  const doc = new PDFDocument({
    pdfVersion: '1.7',
    subset: 'PDF/A-3b',
    autoFirstPage: false,
    font: null as unknown as string,
    info: { CreationDate: date, ModDate: date, Title: 'Streams' },
  });
  const done = finishing ? collectOutput(doc) : streamedOutput(doc);
  if (finishing) finishStreamsOnce(doc);
  doc.addPage();
  doc.registerFont('regular', embeddedFont('regular'));
  // Text outside Latin-1 (content operators carry glyph ids as hex), a vector shape, a second page.
  doc.font('regular').fontSize(9).fillColor('#1f4e79').text('Łukasz Żółć, Москва: 12,34 €', 50, 50);
  doc.rect(50, 80, 200, 20).fill('#edf2f7');
  doc.addPage().text('Seite 2', 50, 50);
  doc.file(Buffer.from('<values><value>ÄÖÜ</value></values>', 'utf8'), {
    name: 'data.xml',
    type: 'application/xml',
    creationDate: date,
    modifiedDate: date,
  });
  doc.end();
  return done;
}

describe('invoice PDF streams', () => {
  it('writes the bytes PDFKit writes', async () => {
    const plain = await drawnDocument(false);
    expect(await drawnDocument(true)).toEqual(plain);
    // and again, now that its streams are in the cache
    expect(await drawnDocument(true)).toEqual(plain);
  });

  it('compresses the same bytes once, and different bytes of the same length apart', () => {
    const first = Buffer.from('BT /F1 9 Tf [<0041>] TJ ET\n', 'latin1');
    const again = Buffer.from(first);
    const other = Buffer.from('BT /F1 9 Tf [<0042>] TJ ET\n', 'latin1');
    const compressed = deflateOnce(first);
    expect(deflateOnce(again)).toBe(compressed);
    expect(zlib.inflateSync(compressed)).toEqual(first);
    expect(zlib.inflateSync(deflateOnce(other))).toEqual(other);
    expect(zlib.inflateSync(deflateOnce(first))).toEqual(first);
  });

  it('compresses only what differs between invoices once the first is rendered', async () => {
    await renderInvoicePdf(computeInvoice(draft()));
    // A spy that calls through: it only records what is compressed.
    const deflate = jest.spyOn(zlib, 'deflateSync');
    let compressed: Buffer[];
    let pdf: Buffer;
    try {
      pdf = await renderInvoicePdf(
        computeInvoice(draft({ number: 'VW-2025-000778', customer: { ...consumer, language: 'en' } })),
      );
      compressed = deflate.mock.calls.map(([raw]) => Buffer.from(raw as Uint8Array));
    } finally {
      deflate.mockRestore();
    }
    // The page content differs, and the footer prints the invoice number; fonts, ToUnicode maps
    // and the sRGB profile are the first invoice's.
    expect(compressed.length).toBeGreaterThan(0);
    const kinds = compressed.map((raw) => raw.subarray(0, 9).toString('latin1'));
    expect(kinds.filter((head) => head.startsWith('/CIDInit'))).toEqual([]);
    expect(kinds.filter((head) => head.startsWith('true') || head.startsWith('\0\x01\0\0'))).toEqual([]);
    expect(compressed.some((raw) => raw.toString('latin1').includes('sRGB'))).toBe(false);
    expect(pdf.toString('latin1')).toContain('/FontFile2');
  });
});
