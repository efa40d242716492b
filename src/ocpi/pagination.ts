// OCPI pagination (transport_and_format, Pagination): `offset`, `limit`, `date_from` (inclusive) and
// `date_to` (exclusive) on last_updated; answered with X-Total-Count, X-Limit and, unless this is the
// last page, a Link to the next page carrying the same filters.
import { parseInstant } from '../tariff/time/instant';
import { invalidParameters } from './envelope';

export interface PageRequest {
  offset: number;
  limit: number;
  /** ISO instant (UTC), inclusive. */
  dateFrom?: string;
  /** ISO instant (UTC), exclusive. */
  dateTo?: string;
}

function nonNegativeInteger(name: string, value: unknown): number | undefined {
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string' || !/^\d{1,9}$/.test(value)) {
    throw invalidParameters(
      `query parameter ${name}: expected a whole number ≥ 0, got ${JSON.stringify(value)}`,
    );
  }
  return Number(value);
}

function dateTime(name: string, value: unknown): string | undefined {
  if (value === undefined || value === '') return undefined;
  const ms = typeof value === 'string' ? parseInstant(value) : undefined;
  if (ms === undefined) {
    throw invalidParameters(
      `query parameter ${name}: expected an OCPI DateTime (e.g. 2019-01-28T12:00:00Z), got ${JSON.stringify(value)}`,
    );
  }
  return new Date(ms).toISOString();
}

/** Reads the paging parameters; a limit above `maxLimit` is lowered to it (the server's X-Limit). */
export function pageRequest(query: Record<string, unknown>, maxLimit: number): PageRequest {
  const limit = nonNegativeInteger('limit', query.limit);
  const request: PageRequest = {
    offset: nonNegativeInteger('offset', query.offset) ?? 0,
    limit: Math.min(limit ?? maxLimit, maxLimit),
  };
  const dateFrom = dateTime('date_from', query.date_from);
  const dateTo = dateTime('date_to', query.date_to);
  if (dateFrom) request.dateFrom = dateFrom;
  if (dateTo) request.dateTo = dateTo;
  return request;
}

/** The response headers of one page of `returned` objects out of `total`. */
export function pageHeaders(
  endpointUrl: string,
  page: PageRequest,
  total: number,
  maxLimit: number,
  returned: number,
): Record<string, string> {
  const headers: Record<string, string> = { 'X-Total-Count': String(total), 'X-Limit': String(maxLimit) };
  const nextOffset = page.offset + returned;
  if (returned > 0 && nextOffset < total) {
    const next = new URL(endpointUrl);
    if (page.dateFrom) next.searchParams.set('date_from', page.dateFrom);
    if (page.dateTo) next.searchParams.set('date_to', page.dateTo);
    next.searchParams.set('offset', String(nextOffset));
    next.searchParams.set('limit', String(page.limit));
    headers.Link = `<${next.toString()}>; rel="next"`;
  }
  return headers;
}

/** The URL of the next page from a Link header, if it names one. */
export function nextPageUrl(linkHeader: string | null | undefined): string | undefined {
  if (!linkHeader) return undefined;
  for (const part of linkHeader.split(',')) {
    const match = /<([^>]+)>\s*;\s*rel="?next"?/i.exec(part.trim());
    if (match) return match[1];
  }
  return undefined;
}
