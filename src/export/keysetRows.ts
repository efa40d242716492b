// Rows of a large query, a page at a time by keyset (WHERE (sort key, id) > last seen ORDER BY … LIMIT):
// every page is an index range scan, memory holds one page, and it works the same on PostgreSQL and
// PGlite (no server-side cursor needed).
import type { Knex } from 'knex';

/** Fetches the page after `after` (undefined: the first page), at most `limit` rows, in key order. */
export type PageQuery<Row> = (after: Row | undefined, limit: number) => Knex.QueryBuilder | Promise<Row[]>;

export const PAGE_SIZE = 1000;

/** The two columns rows are ordered by (a sort key, then a unique id) and how to read them off a row. */
export interface Keyset<Row> {
  columns: readonly [string, string];
  of(row: Row): [Knex.Value, Knex.Value];
}

/** `query` ordered by the keyset, limited, and starting after `after`. */
export function keysetPage<Row>(
  query: Knex.QueryBuilder,
  keyset: Keyset<Row>,
  after: Row | undefined,
  limit: number,
): Knex.QueryBuilder {
  const [sort, id] = keyset.columns;
  query.orderBy([{ column: sort }, { column: id }]).limit(limit);
  if (after) query.whereRaw('(??, ??) > (?, ?)', [sort, id, ...keyset.of(after)]);
  return query;
}

export async function* keysetRows<Row>(query: PageQuery<Row>, pageSize = PAGE_SIZE): AsyncGenerator<Row> {
  let after: Row | undefined;
  for (;;) {
    const page = (await query(after, pageSize)) as Row[];
    yield* page;
    if (page.length < pageSize) return;
    after = page[page.length - 1];
  }
}
