// /v1/exports/{invoices|credit-notes|cdrs|datev}: finance exports streamed from the database a page at
// a time (src/export), so memory stays flat whatever the range. Bad requests are refused before the
// first byte; the row count is known upfront (X-Total-Count), the file name comes with the download.
import type { OpenedExport } from '../../export';
import { openDatevExport } from '../../export/datev/openDatevExport';
import { openExport } from '../../export/openExport';
import { invalidField } from '../apiError';
import type { ApiApp, ApiContext } from '../apiContext';
import { errorResponses } from '../schemas/errors';
import { ExportParams, ExportQuery } from '../schemas/invoices';
import { answeringBillingErrors } from './billingErrors';

function openDatev(ctx: ApiContext, query: ExportQuery): Promise<OpenedExport> {
  if (query.consultant === undefined) throw invalidField('consultant', 'datev needs the Beraternummer');
  if (query.client === undefined) throw invalidField('client', 'datev needs the Mandantennummer');
  return openDatevExport(ctx.db, {
    from: query.from,
    to: query.to,
    ...(query.issuerId && { issuerId: query.issuerId }),
    settings: {
      consultantNumber: query.consultant,
      clientNumber: query.client,
      ...(query.fiscalYearStart && { fiscalYearStart: query.fiscalYearStart }),
      ...(query.accountLength !== undefined && { accountLength: query.accountLength }),
      ...(query.debtorAccount && { defaultDebtorAccount: query.debtorAccount }),
    },
  });
}

export function exportRoutes(app: ApiApp, ctx: ApiContext): void {
  app.get(
    '/v1/exports/:dataset',
    {
      config: { scope: 'exports:read' },
      schema: {
        tags: ['exports'],
        operationId: 'exportFinance',
        summary: 'Stream a finance export',
        description:
          'invoices and credit-notes by issue date, cdrs by end time (read in `tz`), both ends inclusive; ' +
          'CSV (RFC 4180), a JSON array or NDJSON, amounts as exact decimal strings. CDR rows carry the ' +
          'invoice number they are billed on and their invoiced net, so the exports reconcile. datev: a DATEV ' +
          'Buchungsstapel (EXTF, Windows-1252) of invoices and credit notes, one booking per document and ' +
          'VAT rate. `X-Total-Count`: rows (documents for datev).',
        params: ExportParams,
        querystring: ExportQuery,
        response: {
          200: {
            description: 'The file, streamed.',
            content: {
              'text/csv': { schema: { type: 'string' } },
              'application/json': { schema: { type: 'string' } },
              'application/x-ndjson': { schema: { type: 'string' } },
            },
          },
          ...errorResponses(422),
        },
      },
    },
    async (request, reply) => {
      const { dataset } = request.params;
      const { query } = request;
      const opened = await answeringBillingErrors(() =>
        dataset === 'datev'
          ? openDatev(ctx, query)
          : openExport(ctx.db, {
              dataset,
              format: query.format ?? 'csv',
              from: query.from,
              to: query.to,
              ...(query.tz && { timeZone: query.tz }),
              ...(query.issuerId && { issuerId: query.issuerId }),
            }),
      );
      return reply
        .type(opened.contentType)
        .header('content-disposition', `attachment; filename="${opened.fileName}"`)
        .header('x-total-count', String(opened.count))
        .send(opened.stream);
    },
  );
}
