// Issued invoices and credit notes as the exports read them: those issued in a date range (inclusive),
// in issue order, with the parts of the stored document finance needs.
import type { Knex } from 'knex';
import type { InvoiceKind } from '../db/repos/invoices';
import type { DateRange } from './dateRange';
import type { Keyset } from './keysetRows';

export function issuedDocuments(
  db: Knex,
  range: DateRange,
  issuerId?: string,
  kind?: InvoiceKind,
): Knex.QueryBuilder {
  const query = db('invoices as i')
    .where('i.issue_date', '>=', range.from)
    .where('i.issue_date', '<=', range.to);
  if (issuerId) query.where('i.issuer_id', issuerId);
  if (kind) query.where('i.kind', kind);
  return query;
}

/** Issue order: issue date, then id. */
export const ISSUE_ORDER: Keyset<Record<string, unknown>> = {
  columns: ['i.issue_date', 'i.id'],
  of: (row) => [row.issue_date as string, row.id as string],
};

/** The customer as printed, and the VAT breakdown, from the stored document. */
export function documentColumns(db: Knex): Knex.Raw[] {
  return [
    db.raw(`i.invoice->'customer'->>'name' as customer_name`),
    db.raw(`i.invoice->'customer'->>'vatId' as customer_vat_id`),
    db.raw(`i.invoice->'vatBreakdown' as vat_breakdown`),
  ];
}
