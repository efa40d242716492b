// Rows as a byte stream in the formats finance tools read: CSV (RFC 4180, header line, "." decimals,
// exact decimal strings), a JSON array, or NDJSON (one object per line). Each pulls rows only as fast
// as the consumer reads (stream backpressure), so memory stays flat whatever the row count.
import { Readable, pipeline } from 'node:stream';
import { stringify } from 'csv-stringify';

export const EXPORT_FORMATS = ['csv', 'json', 'ndjson'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  json: 'application/json; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

export function csvStream<Row extends object>(
  rows: AsyncIterable<Row>,
  columns: readonly string[],
): Readable {
  const csv = stringify({
    header: true,
    columns: columns.map((key) => ({ key, header: key })),
    cast: { boolean: (value) => (value ? 'true' : 'false') },
  });
  // pipeline destroys `csv` with the error when reading rows fails, so the consumer sees it.
  pipeline(Readable.from(rows), csv, () => undefined);
  return csv;
}

async function* jsonArray(rows: AsyncIterable<object>): AsyncGenerator<string> {
  let first = true;
  yield '[';
  for await (const row of rows) {
    yield `${first ? '\n' : ',\n'}${JSON.stringify(row)}`;
    first = false;
  }
  yield first ? ']\n' : '\n]\n';
}

async function* ndjson(rows: AsyncIterable<object>): AsyncGenerator<string> {
  for await (const row of rows) yield `${JSON.stringify(row)}\n`;
}

export function formattedStream<Row extends object>(
  rows: AsyncIterable<Row>,
  format: ExportFormat,
  columns: readonly string[],
): Readable {
  if (format === 'csv') return csvStream(rows, columns);
  return Readable.from(format === 'json' ? jsonArray(rows) : ndjson(rows));
}
