// /v1/cdrs: rated CDRs as OCPI 2.2.1 CDR objects, for finance systems and eMSPs.
import { Type, type Static } from '@sinclair/typebox';
import { countCdrs, getCdr, listCdrs, type CdrRecord } from '../../db';
import { notFound } from '../apiError';
import type { ApiApp, ApiContext } from '../apiContext';
import { pageOf, setPageHeaders } from '../paging';
import { CdrIdParams, CdrListQuery, CdrQuery } from '../schemas/cdrs';
import { refTo } from '../schemas/components';
import { errorResponses } from '../schemas/errors';
import { OcpiCdr } from '../schemas/ocpi';

/** The OCPI CDR of a stored record. OCPI requires its totals; every CDR we store is rated, so has them. */
function ocpiCdrOf(record: CdrRecord): Static<typeof OcpiCdr> {
  const { total_cost, total_energy, total_time } = record.cdr;
  if (!total_cost || total_energy === undefined || total_time === undefined) {
    throw new Error(`CDR ${record.id} lacks OCPI totals: it was stored unrated`);
  }
  return { ...record.cdr, total_cost, total_energy, total_time };
}

export function cdrRoutes(app: ApiApp, { db }: ApiContext): void {
  const tags = ['cdrs'];

  app.get(
    '/v1/cdrs',
    {
      config: { scope: 'cdrs:read' },
      schema: {
        tags,
        operationId: 'listCdrs',
        summary: 'List CDRs',
        description:
          'OCPI CDRs by last_updated (oldest first), filtered like OCPI date_from/date_to. `X-Total-Count` ' +
          'gives the number matching; while more follow, `Link: <…>; rel="next"` points to the next page.',
        querystring: CdrListQuery,
        response: {
          200: Type.Array(refTo(OcpiCdr), { description: 'A page of CDRs.' }),
          ...errorResponses(422),
        },
      },
    },
    async (request, reply) => {
      const { limit, offset, ...filter } = request.query;
      const page = pageOf({ limit, offset });
      const [records, total] = await Promise.all([
        listCdrs(db, { ...filter, ...page }),
        countCdrs(db, filter),
      ]);
      setPageHeaders(request, reply, page, records.length, {
        hasMore: page.offset + records.length < total,
        total,
      });
      return records.map(ocpiCdrOf);
    },
  );

  app.get(
    '/v1/cdrs/:id',
    {
      config: { scope: 'cdrs:read' },
      schema: {
        tags,
        operationId: 'getCdr',
        summary: 'One CDR',
        params: CdrIdParams,
        querystring: CdrQuery,
        response: { 200: refTo(OcpiCdr, { description: 'The CDR.' }), ...errorResponses(404, 422) },
      },
    },
    async (request) => {
      const record = await getCdr(db, request.params.id);
      if (!record) throw notFound(`no CDR ${JSON.stringify(request.params.id)}`);
      const cdr = ocpiCdrOf(record);
      if (request.query.include !== 'breakdown') return cdr;
      return { ...cdr, chargeledger_breakdown: record.breakdown as Record<string, unknown> };
    },
  );
}
