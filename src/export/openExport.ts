// openExport: a finance export as a stream with its row count known upfront, for the CLI (to a file
// or stdout) and the HTTP API (the lead mounts it: reply.type(contentType).send(stream)).
import type { Readable } from 'node:stream';
import type { Knex } from 'knex';
import { cdrDataset } from './cdrRows';
import { checkedRange, type DateRange } from './dateRange';
import type { ExportDataset, ExportFilter } from './exportDataset';
import { ExportInputError } from './exportErrors';
import { invoiceDataset } from './invoiceRows';
import { CONTENT_TYPES, EXPORT_FORMATS, formattedStream, type ExportFormat } from './streamFormats';

export const EXPORT_DATASETS = ['invoices', 'credit-notes', 'cdrs'] as const;
export type ExportDatasetName = (typeof EXPORT_DATASETS)[number];

export interface ExportRequest extends DateRange {
  dataset: ExportDatasetName;
  format: ExportFormat;
  /** Zone the dates are read in (CDRs by end time); default UTC. Invoice datasets use issue dates as they are. */
  timeZone?: string;
  issuerId?: string;
  /** Called after each row is produced (progress bars). */
  onRow?: () => void;
  /** Rows per database page; default 1000. */
  pageSize?: number;
}

export interface OpenedExport {
  /** Rows the stream will carry (counted before the first row). */
  count: number;
  contentType: string;
  /** e.g. invoices_2026-03-01_2026-03-31.csv */
  fileName: string;
  stream: Readable;
}

function datasetOf(name: ExportDatasetName): ExportDataset<object> {
  if (name === 'cdrs') return cdrDataset;
  return invoiceDataset(name === 'invoices' ? 'invoice' : 'credit_note');
}

function checkedRequest(request: ExportRequest): ExportFilter {
  const issues = [];
  if (!EXPORT_DATASETS.includes(request.dataset))
    issues.push({
      path: 'dataset',
      message: `expected one of ${EXPORT_DATASETS.join(', ')}, got ${JSON.stringify(request.dataset)}`,
    });
  if (!EXPORT_FORMATS.includes(request.format))
    issues.push({
      path: 'format',
      message: `expected one of ${EXPORT_FORMATS.join(', ')}, got ${JSON.stringify(request.format)}`,
    });
  if (issues.length > 0) throw new ExportInputError(issues);
  return {
    range: checkedRange(request, request.timeZone),
    ...(request.issuerId !== undefined && { issuerId: request.issuerId }),
    ...(request.pageSize !== undefined && { pageSize: request.pageSize }),
  };
}

async function* counted<Row>(rows: AsyncIterable<Row>, onRow: (() => void) | undefined): AsyncGenerator<Row> {
  for await (const row of rows) {
    yield row;
    onRow?.();
  }
}

/** The rows of an export as objects (what the CSV and JSON streams are made of). */
export function exportRows(db: Knex, request: ExportRequest): AsyncGenerator<object> {
  return datasetOf(request.dataset).rows(db, checkedRequest(request));
}

export async function openExport(db: Knex, request: ExportRequest): Promise<OpenedExport> {
  const filter = checkedRequest(request);
  const dataset = datasetOf(request.dataset);
  const count = await dataset.count(db, filter);
  const rows = counted(dataset.rows(db, filter), request.onRow);
  return {
    count,
    contentType: CONTENT_TYPES[request.format],
    fileName: `${request.dataset}_${request.from}_${request.to}.${request.format}`,
    stream: formattedStream(rows, request.format, dataset.columns),
  };
}
