// Invoices and credit notes as finance exports them: one row per document issued in the range
// (issue date, inclusive), in issue order. Amounts are the document's rounded totals as decimal
// strings (credit notes negative); the VAT breakdown per rate rides along in JSON rows.
import type { Knex } from 'knex';
import type { InvoiceKind } from '../db/repos/invoices';
import type { VatBreakdown } from '../invoice/types';
import { countOf, type ExportDataset, type ExportFilter } from './exportDataset';
import { documentColumns, issuedDocuments, ISSUE_ORDER } from './issuedDocuments';
import { keysetPage, keysetRows } from './keysetRows';

export interface InvoiceExportRow {
  number: string;
  kind: InvoiceKind;
  series: string;
  issue_date: string;
  due_date: string | null;
  service_period_start: string;
  service_period_end: string;
  issuer_id: string;
  customer_id: string;
  /** As printed on the document. */
  customer_name: string;
  customer_vat_id: string | null;
  currency: string;
  net: string;
  vat: string;
  gross: string;
  status: string;
  credited_invoice_number: string | null;
  sessions: number;
  created_at: string;
  vat_breakdown: VatBreakdown[];
}

type Row = Record<string, unknown>;

const COLUMNS = [
  'number',
  'kind',
  'series',
  'issue_date',
  'due_date',
  'service_period_start',
  'service_period_end',
  'issuer_id',
  'customer_id',
  'customer_name',
  'customer_vat_id',
  'currency',
  'net',
  'vat',
  'gross',
  'status',
  'credited_invoice_number',
  'sessions',
  'created_at',
] as const satisfies readonly (keyof InvoiceExportRow)[];

const matching = (db: Knex, kind: InvoiceKind, filter: ExportFilter) =>
  issuedDocuments(db, filter.range, filter.issuerId, kind);

function toExportRow(row: Row): InvoiceExportRow {
  return {
    number: row.number as string,
    kind: row.kind as InvoiceKind,
    series: row.series as string,
    issue_date: row.issue_date as string,
    due_date: row.due_date as string | null,
    service_period_start: row.service_period_start as string,
    service_period_end: row.service_period_end as string,
    issuer_id: row.issuer_id as string,
    customer_id: row.customer_id as string,
    customer_name: row.customer_name as string,
    customer_vat_id: (row.customer_vat_id as string | null) ?? null,
    currency: row.currency as string,
    net: row.total_net as string,
    vat: row.total_vat as string,
    gross: row.total_gross as string,
    status: row.status as string,
    credited_invoice_number: row.credited_invoice_number as string | null,
    sessions: Number(row.sessions),
    created_at: (row.created_at as Date).toISOString(),
    vat_breakdown: row.vat_breakdown as VatBreakdown[],
  };
}

export function invoiceDataset(kind: InvoiceKind): ExportDataset<InvoiceExportRow> {
  return {
    columns: COLUMNS,
    count: (db, filter) => countOf(matching(db, kind, filter)),
    async *rows(db, filter) {
      const pages = keysetRows<Row>((after, limit) => {
        const query = matching(db, kind, filter)
          .leftJoin('invoices as ci', 'ci.id', 'i.credited_invoice_id')
          .select(
            'i.id',
            'i.number',
            'i.kind',
            'i.series',
            'i.issue_date',
            'i.due_date',
            'i.service_period_start',
            'i.service_period_end',
            'i.issuer_id',
            'i.customer_id',
            'i.currency',
            'i.total_net',
            'i.total_vat',
            'i.total_gross',
            'i.status',
            'i.created_at',
            'ci.number as credited_invoice_number',
            db.raw(`jsonb_array_length(i.invoice->'lines') as sessions`),
            ...documentColumns(db),
          );
        return keysetPage(query, ISSUE_ORDER, after, limit);
      }, filter.pageSize);
      for await (const row of pages) yield toExportRow(row);
    },
  };
}
