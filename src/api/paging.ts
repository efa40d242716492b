// Offset paging for list endpoints: `limit` and `offset` in, a `Link: <…>; rel="next"` header out
// while there is more (plus `X-Total-Count` where the total is known), carrying the same filters.
import { Type } from '@sinclair/typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';

export const MAX_PAGE = 500;
const DEFAULT_PAGE = 50;

export const PageQuery = {
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: MAX_PAGE, default: DEFAULT_PAGE, description: 'Items per page.' }),
  ),
  offset: Type.Optional(Type.Integer({ minimum: 0, default: 0, description: 'Items to skip.' })),
};

export interface Page {
  limit: number;
  offset: number;
}

/** The page a query asks for (the validator fills in the defaults; this only narrows the type). */
export function pageOf(query: { limit?: number; offset?: number }): Page {
  return { limit: query.limit ?? DEFAULT_PAGE, offset: query.offset ?? 0 };
}

/** The response headers of a page: the next page's link when `hasMore`, the total when known. */
export function setPageHeaders(
  request: FastifyRequest,
  reply: FastifyReply,
  page: Page,
  returned: number,
  more: { hasMore: boolean; total?: number },
): void {
  if (more.total !== undefined) reply.header('X-Total-Count', String(more.total));
  if (!more.hasMore || returned === 0) return;
  const next = new URL(request.url, `${request.protocol}://${request.host}`);
  next.searchParams.set('offset', String(page.offset + returned));
  next.searchParams.set('limit', String(page.limit));
  reply.header('Link', `<${next.toString()}>; rel="next"`);
}
