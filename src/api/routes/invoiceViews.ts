// Invoices as the API shows them: the columns finance filters on and what a listing needs from the
// stored document (the credited invoice's number, the number of sessions), but not the document itself.
import type { Knex } from 'knex';
import { getInvoiceById, type InvoiceRecord } from '../../db/repos/invoices';
import type { Page } from '../paging';
import type { InvoiceView } from '../schemas/invoices';

export interface InvoiceListFilter {
  from?: string;
  to?: string;
  status?: string;
  kind?: string;
  customerId?: string;
  issuerId?: string;
}

export function invoiceViewOf(record: InvoiceRecord): InvoiceView {
  return {
    number: record.number,
    kind: record.kind,
    issuerId: record.issuerId,
    customerId: record.customerId,
    issueDate: record.issueDate,
    dueDate: record.dueDate,
    servicePeriod: record.servicePeriod,
    currency: record.currency,
    totals: record.totals,
    status: record.status,
    creditedInvoice: record.invoice.creditedInvoice?.number ?? null,
    sessions: record.invoice.lines.length,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
  };
}

function matching(db: Knex, filter: InvoiceListFilter): Knex.QueryBuilder {
  const query = db('invoices');
  if (filter.from) query.where('issue_date', '>=', filter.from);
  if (filter.to) query.where('issue_date', '<=', filter.to);
  if (filter.status) query.where({ status: filter.status });
  if (filter.kind) query.where({ kind: filter.kind });
  if (filter.customerId) query.where({ customer_id: filter.customerId });
  if (filter.issuerId) query.where({ issuer_id: filter.issuerId });
  return query;
}

export async function listInvoiceViews(
  db: Knex,
  filter: InvoiceListFilter,
  page: Page,
): Promise<{ views: InvoiceView[]; total: number }> {
  const [rows, [{ count }]] = await Promise.all([
    matching(db, filter).orderBy('id').limit(page.limit).offset(page.offset).select('id'),
    matching(db, filter).count({ count: '*' }),
  ]);
  const records = await Promise.all(rows.map((row: { id: string }) => getInvoiceById(db, String(row.id))));
  return { views: records.map((record) => invoiceViewOf(record!)), total: Number(count) };
}
