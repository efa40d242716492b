// The archived PDF of an issued document: rendered once from the stored invoice, kept as bytes in
// invoice_documents, so the e-mail, the API and a re-run all hand out exactly the same file.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { getInvoiceById, type InvoiceRecord } from '../../db/repos/invoices';
import { invoicePdf } from '../invoicePdf';
import { BillingInputError } from '../errors';

export async function requireInvoice(db: Knex, invoiceId: string): Promise<InvoiceRecord> {
  const invoice = await getInvoiceById(db, invoiceId);
  if (!invoice)
    throw new BillingInputError('no document', [
      { path: 'invoiceId', message: `no invoice with id ${invoiceId}` },
    ]);
  return invoice;
}

export interface ArchivedPdf {
  invoiceId: string;
  number: string;
  bytes: number;
  sha256: string;
}

export async function archivePdf(db: Knex, invoiceId: string): Promise<ArchivedPdf> {
  const invoice = await requireInvoice(db, invoiceId);
  const pdf = await invoicePdf(db, invoice);
  return {
    invoiceId,
    number: invoice.number,
    bytes: pdf.length,
    sha256: createHash('sha256').update(pdf).digest('hex'),
  };
}

/** The file name the PDF is sent and served under, e.g. INV-2026-000123.pdf. */
export function pdfFileName(number: string): string {
  return `${number.replace(/[^A-Za-z0-9._-]/g, '_')}.pdf`;
}
