// Issued invoices and credit notes: the computed document (src/invoice Invoice) kept whole in jsonb
// beside the columns finance queries, the CDRs each one covers, and the live status. Issuing itself
// (number + insert in one transaction) is src/billing/issueInvoice; this file is the data access.
import type { Knex } from 'knex';
import type { Invoice } from '../../invoice/types';
import { INVOICE_KINDS, INVOICE_STATUSES } from '../migrations/002_invoicing';
import { InvalidRecordError, iso, oneOf } from '../values';
import type { InvoiceNumber } from './invoiceNumbers';

export type InvoiceKind = (typeof INVOICE_KINDS)[number];
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export interface InvoiceRecord {
  /** Database id (int8, as a string). */
  id: string;
  issuerId: string;
  customerId: string;
  kind: InvoiceKind;
  series: string;
  year: number;
  sequence: number;
  number: string;
  /** Credit notes: the id of the invoice they correct. */
  creditedInvoiceId: string | null;
  issueDate: string;
  dueDate: string | null;
  servicePeriod: { start: string; end: string };
  currency: string;
  /** Rounded totals as decimal strings; negative for credit notes. */
  totals: { net: string; vat: string; gross: string };
  status: InvoiceStatus;
  /** The document exactly as computed at issue (render PDFs and XML from this). */
  invoice: Invoice;
  idempotencyKey: string;
  requestHash: string;
  createdAt: string;
  updatedAt: string;
}

export interface NewInvoice {
  issuerId: string;
  customerId: string;
  numbered: InvoiceNumber;
  creditedInvoiceId?: string;
  invoice: Invoice;
  status: InvoiceStatus;
  idempotencyKey: string;
  requestHash: string;
}

export interface InvoiceCdrLink {
  cdrId: string;
  /** The session line on the invoice that bills it. */
  lineId: string;
}

type Row = Record<string, unknown>;

function toRecord(row: Row): InvoiceRecord {
  return {
    id: String(row.id),
    issuerId: row.issuer_id as string,
    customerId: row.customer_id as string,
    kind: row.kind as InvoiceKind,
    series: row.series as string,
    year: row.year as number,
    sequence: row.sequence as number,
    number: row.number as string,
    creditedInvoiceId: row.credited_invoice_id === null ? null : String(row.credited_invoice_id),
    issueDate: row.issue_date as string,
    dueDate: row.due_date as string | null,
    servicePeriod: { start: row.service_period_start as string, end: row.service_period_end as string },
    currency: row.currency as string,
    totals: { net: row.total_net as string, vat: row.total_vat as string, gross: row.total_gross as string },
    status: row.status as InvoiceStatus,
    invoice: row.invoice as Invoice,
    idempotencyKey: row.idempotency_key as string,
    requestHash: row.request_hash as string,
    createdAt: iso(row.created_at as Date),
    updatedAt: iso(row.updated_at as Date),
  };
}

/** Inserts an issued document (inside the issuing transaction). */
export async function insertInvoice(trx: Knex.Transaction, input: NewInvoice): Promise<InvoiceRecord> {
  const { invoice, numbered } = input;
  const [row] = await trx('invoices')
    .insert({
      issuer_id: input.issuerId,
      customer_id: input.customerId,
      kind: invoice.kind,
      series: numbered.series,
      year: numbered.year,
      sequence: numbered.sequence,
      number: numbered.number,
      credited_invoice_id: input.creditedInvoiceId ?? null,
      issue_date: invoice.issueDate,
      due_date: invoice.dueDate ?? null,
      service_period_start: invoice.servicePeriod.start,
      service_period_end: invoice.servicePeriod.end,
      currency: invoice.currency,
      total_net: invoice.totals.net,
      total_vat: invoice.totals.vat,
      total_gross: invoice.totals.gross,
      status: oneOf('status', input.status, INVOICE_STATUSES),
      invoice: JSON.stringify(invoice),
      idempotency_key: input.idempotencyKey,
      request_hash: input.requestHash,
    })
    .returning('*');
  return toRecord(row);
}

/** Records which CDRs a document covers; the unique (cdr_id, kind) refuses a CDR billed twice. */
export async function linkInvoiceCdrs(
  trx: Knex.Transaction,
  invoice: Pick<InvoiceRecord, 'id' | 'kind'>,
  links: readonly InvoiceCdrLink[],
): Promise<void> {
  if (links.length === 0) return;
  await trx('invoice_cdrs').insert(
    links.map((link) => ({
      invoice_id: invoice.id,
      cdr_id: link.cdrId,
      kind: invoice.kind,
      line_id: link.lineId,
    })),
  );
}

export async function findInvoiceByKey(db: Knex, idempotencyKey: string): Promise<InvoiceRecord | undefined> {
  const row = await db('invoices').where({ idempotency_key: idempotencyKey }).first();
  return row ? toRecord(row) : undefined;
}

export async function getInvoiceById(db: Knex, id: string): Promise<InvoiceRecord | undefined> {
  const row = await db('invoices').where({ id }).first();
  return row ? toRecord(row) : undefined;
}

/**
 * The document with this number. Numbers are unique per issuer; without `issuerId` a number two
 * issuers share is refused rather than guessed.
 */
export async function getInvoiceByNumber(
  db: Knex,
  number: string,
  issuerId?: string,
): Promise<InvoiceRecord | undefined> {
  const query = db('invoices').where({ number });
  if (issuerId !== undefined) query.where({ issuer_id: issuerId });
  const rows = await query.limit(2);
  if (rows.length > 1) {
    throw new InvalidRecordError(
      'issuerId',
      `invoice number ${number} exists for several issuers: name the issuer`,
    );
  }
  return rows[0] ? toRecord(rows[0]) : undefined;
}

/** Locks the document's row until the transaction ends (credit notes serialise on their invoice). */
export async function lockInvoice(trx: Knex.Transaction, id: string): Promise<InvoiceRecord> {
  const row = await trx('invoices').where({ id }).forUpdate().first();
  if (!row) throw new InvalidRecordError('invoiceId', `no invoice with id ${id}`);
  return toRecord(row);
}

/** Credit notes issued against an invoice, oldest first. */
export async function creditNotesOf(db: Knex, invoiceId: string): Promise<InvoiceRecord[]> {
  const rows = await db('invoices').where({ credited_invoice_id: invoiceId }).orderBy('id');
  return rows.map(toRecord);
}

/** The CDRs a document covers, with the session line that bills each. */
export async function invoiceCdrLinks(db: Knex, invoiceId: string): Promise<InvoiceCdrLink[]> {
  const rows = await db('invoice_cdrs')
    .where({ invoice_id: invoiceId })
    .orderBy('line_id')
    .select('cdr_id', 'line_id');
  return rows.map((row: Row) => ({ cdrId: row.cdr_id as string, lineId: row.line_id as string }));
}

/** Sets the live status (the stored document keeps what was printed at issue). */
export async function setInvoiceStatus(db: Knex, id: string, status: InvoiceStatus): Promise<InvoiceRecord> {
  const [row] = await db('invoices')
    .where({ id })
    .update({ status: oneOf('status', status, INVOICE_STATUSES), updated_at: db.fn.now() })
    .returning('*');
  if (!row) throw new InvalidRecordError('invoiceId', `no invoice with id ${id}`);
  return toRecord(row);
}

export interface InvoiceFilter {
  issuerId?: string;
  customerId?: string;
  kind?: InvoiceKind;
  /** Issue date ≥ from (YYYY-MM-DD). */
  from?: string;
  /** Issue date ≤ to (YYYY-MM-DD, inclusive). */
  to?: string;
  /** Default 100. */
  limit?: number;
  /** Keyset paging: documents after this id. */
  afterId?: string;
}

/** Documents by id (= issue order), for API listings. */
export async function listInvoices(db: Knex, filter: InvoiceFilter = {}): Promise<InvoiceRecord[]> {
  const query = db('invoices')
    .orderBy('id')
    .limit(filter.limit ?? 100);
  if (filter.issuerId) query.where({ issuer_id: filter.issuerId });
  if (filter.customerId) query.where({ customer_id: filter.customerId });
  if (filter.kind) query.where({ kind: filter.kind });
  if (filter.from) query.where('issue_date', '>=', filter.from);
  if (filter.to) query.where('issue_date', '<=', filter.to);
  if (filter.afterId) query.where('id', '>', filter.afterId);
  return (await query).map(toRecord);
}
