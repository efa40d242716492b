// What every finance export dataset offers: its CSV columns, how many rows a request covers (known
// before the first row, for progress bars and Content-Length-free HTTP responses), and the rows in a
// stable order, streamed.
import type { Knex } from 'knex';
import type { DateRange } from './dateRange';

export interface ExportFilter {
  range: DateRange & { fromInstant: Date; toInstant: Date };
  /** Only documents of this issuer (invoice datasets). */
  issuerId?: string;
  /** Rows per database page (default keysetRows' PAGE_SIZE). */
  pageSize?: number;
}

export interface ExportDataset<Row extends object> {
  /** CSV columns, in order (JSON rows may carry more, e.g. the VAT breakdown). */
  columns: readonly string[];
  count(db: Knex, filter: ExportFilter): Promise<number>;
  rows(db: Knex, filter: ExportFilter): AsyncGenerator<Row>;
}

/** `count(*)` of a query as a number. */
export async function countOf(query: Knex.QueryBuilder): Promise<number> {
  const [{ count }] = await query.clone().clearSelect().clearOrder().count({ count: '*' });
  return Number(count);
}
