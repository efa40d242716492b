// The PDF of an issued invoice, rendered from the stored document (deterministic: the same invoice
// gives the same bytes) and archived in invoice_documents on first use.
import type { Knex } from 'knex';
import { getInvoiceDocument, storeInvoiceDocument } from '../db/repos/invoiceDocuments';
import type { InvoiceRecord } from '../db/repos/invoices';
import { renderInvoicePdf } from '../invoice/pdf/renderInvoicePdf';

/** The archived PDF, rendered and stored the first time it is asked for. */
export async function invoicePdf(db: Knex, invoice: Pick<InvoiceRecord, 'id' | 'invoice'>): Promise<Buffer> {
  const stored = await getInvoiceDocument(db, invoice.id, 'pdf');
  if (stored) return stored.content;
  const pdf = await renderInvoicePdf(invoice.invoice);
  return (await storeInvoiceDocument(db, invoice.id, 'pdf', pdf)).content;
}
