// An A4 PDFKit document set up the chargeledger way: embedded DejaVu fonts registered as
// 'regular' and 'bold', content bounded above the footer, output collected into one Buffer.
import PDFDocument from 'pdfkit';
import { embeddedFont } from './fonts';
import { prepareDocumentFonts } from './documentFonts';
import { CONTENT_BOTTOM, MARGIN, PAGE } from './layout';
import { finishStreamsOnce } from './streams';
import { collectOutput } from './output';

export interface PdfSetup {
  /** Title, Creator, CreationDate, ... Give dates from the document's data so output is reproducible. */
  info: PDFKit.DocumentInfo;
  /** Document language, e.g. "de-DE". */
  lang?: string;
  /** Write PDF/A-3b (output intent, XMP identification). */
  pdfA?: boolean;
}

export interface StartedPdf {
  doc: PDFKit.PDFDocument;
  /** The whole file, once doc.end() has been called. */
  done: Promise<Buffer>;
}

export function startPdf({ info, lang, pdfA = false }: PdfSetup): StartedPdf {
  const doc = new PDFDocument({
    size: 'A4',
    margins: {
      top: MARGIN.top,
      left: MARGIN.left,
      right: MARGIN.right,
      bottom: PAGE.height - CONTENT_BOTTOM,
    },
    pdfVersion: '1.7',
    ...(pdfA && { subset: 'PDF/A-3b' as const }),
    ...(lang && { lang }),
    displayTitle: true,
    // Pages stay open so footers ("page x of y") can be drawn once the page count is known.
    bufferPages: true,
    // Page one is added below, once its content stream can be written the way streams.ts does.
    autoFirstPage: false,
    // No default font: PDFKit would load the standard Helvetica, which is not embedded (PDF/A forbids that).
    font: null as unknown as string,
    info: { Creator: 'chargeledger', Producer: 'chargeledger (PDFKit)', ...info },
  });
  const done = collectOutput(doc);
  finishStreamsOnce(doc);
  doc.addPage();
  if (pdfA && info.ModDate) {
    // PDF/A: the Info dictionary's ModDate must reappear in the XMP metadata (PDFKit writes only CreateDate).
    const modified = `${info.ModDate.toISOString().split('.')[0]}Z`;
    doc.appendXML(
      `<rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/"><xmp:ModifyDate>${modified}</xmp:ModifyDate></rdf:Description>`,
    );
  }
  doc.registerFont('regular', embeddedFont('regular'));
  doc.registerFont('bold', embeddedFont('bold'));
  prepareDocumentFonts(doc, ['regular', 'bold']);
  return { doc, done };
}
