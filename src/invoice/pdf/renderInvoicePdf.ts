// renderInvoicePdf: the invoice as a PDF/A-3b document (A4), with Factur-X XML for business
// customers and the signed meter data of each session attached. The same invoice always gives
// the same bytes: dates and the file ID come from the invoice, never from the clock.
import { DateTime } from 'luxon';
import { minorUnitExponent } from '../../money/currency';
import { renderCiiXml } from '../einvoice/cii';
import { labelsFor } from '../labels';
import type { Invoice, Language } from '../types';
import { attachFacturX, attachSignedMeterData } from './attachments';
import { pdfContext } from './context';
import { startPdf } from './document';
import { drawFooters } from './footer';
import { drawHeader } from './header';
import { MARGIN } from './layout';
import { drawSessionsTable } from './sessionsTable';
import { drawPaymentAndNotes, drawTotals } from './summary';

export interface InvoicePdfOptions {
  /** Embed the EN 16931 CII XML as Factur-X. Default: for business customers, when the currency fits EN 16931. */
  facturX?: boolean;
  /** Default: the invoice's language. */
  language?: Language;
}

export async function renderInvoicePdf(invoice: Invoice, options: InvoicePdfOptions = {}): Promise<Buffer> {
  const language = options.language ?? invoice.language;
  const facturX =
    options.facturX ?? (invoice.customer.kind === 'business' && minorUnitExponent(invoice.currency) <= 2);
  // Render the XML first: an invoice EN 16931 cannot carry fails before any PDF work.
  const ciiXml = facturX ? renderCiiXml(invoice) : undefined;
  const date = DateTime.fromISO(invoice.issueDate, { zone: invoice.timeZone }).toJSDate();

  const { doc, done } = startPdf({
    info: { ...documentTitle(invoice, language), CreationDate: date, ModDate: date },
    lang: language === 'de' ? 'de-DE' : 'en-GB',
    pdfA: true,
  });

  const ctx = pdfContext(doc, invoice, language);
  const newPage = () => {
    doc.addPage();
    return MARGIN.top;
  };
  let y = drawHeader(ctx);
  y = drawSessionsTable(ctx, y, newPage);
  y = drawTotals(ctx, y, newPage);
  drawPaymentAndNotes(ctx, y);
  drawFooters(ctx);

  if (ciiXml) attachFacturX(doc, ciiXml, date);
  attachSignedMeterData(doc, invoice, date);
  doc.end();
  return done;
}

/** The Title PDFKit copies unescaped into the XMP: left out if the number holds XML markup characters. */
function documentTitle(invoice: Invoice, language: Language): { Title?: string } {
  if (/[<>&]/.test(invoice.number)) return {};
  const labels = labelsFor(language);
  return {
    Title: `${invoice.kind === 'credit_note' ? labels.creditNote : labels.invoice} ${invoice.number}`,
  };
}
