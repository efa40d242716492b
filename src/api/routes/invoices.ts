// /v1/invoices and /v1/invoice-runs: issued invoices and credit notes for finance (JSON, the archived
// PDF, the EN 16931 e-invoice as CII or UBL), corrections by credit note (refunded to the card when the
// invoice was paid by card) and contract invoice runs started by hand. Credit notes and runs are
// Temporal workflows whose ids derive from the request, so a retried request reaches the same one.
import { Type } from '@sinclair/typebox';
import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { FastifyReply } from 'fastify';
import type { Knex } from 'knex';
import { localDate } from '../../billing/flows/invoiceDrafts';
import { pdfFileName } from '../../billing/flows/invoiceDocuments';
import { invoicePdf } from '../../billing/invoicePdf';
import { contentHash } from '../../db/canonicalJson';
import { getCustomer } from '../../db/repos/customers';
import { emailDeliveriesOf } from '../../db/repos/emailDeliveries';
import {
  getInvoiceDocument,
  storeInvoiceDocument,
  type InvoiceDocumentKind,
} from '../../db/repos/invoiceDocuments';
import { getInvoiceByNumber, type InvoiceRecord } from '../../db/repos/invoices';
import { requireIssuer } from '../../db/repos/issuers';
import { paymentsOfInvoice } from '../../db/repos/payments';
import { renderCiiXml } from '../../invoice/einvoice/cii';
import { renderUblXml } from '../../invoice/einvoice/ubl';
import type { Invoice } from '../../invoice/types';
import {
  CREDIT_NOTE_WORKFLOW_TYPE,
  INVOICE_RUN_WORKFLOW_TYPE,
  creditNoteWorkflowId,
  invoiceRunWorkflowId,
} from '../../../workflows/billingMessages';
import { ApiError, invalidField, notFound } from '../apiError';
import type { ApiApp, ApiContext } from '../apiContext';
import { auditWrite } from '../audit';
import { pageOf, setPageHeaders } from '../paging';
import { errorResponses } from '../schemas/errors';
import {
  CreditNoteBody,
  InvoiceDetail,
  InvoiceListQuery,
  InvoiceNumberParams,
  InvoiceNumberQuery,
  InvoiceRunBody,
  InvoiceView,
} from '../schemas/invoices';
import { answeringBillingErrors } from './billingErrors';
import { listInvoiceViews, invoiceViewOf } from './invoiceViews';

async function requireInvoice(db: Knex, number: string, issuerId?: string): Promise<InvoiceRecord> {
  const invoice = await getInvoiceByNumber(db, number, issuerId);
  if (!invoice) throw notFound(`no invoice ${JSON.stringify(number)}`);
  return invoice;
}

/** Starts a billing workflow under an id derived from the request, or joins the one that has it. */
async function runWorkflow<T>(
  temporal: Client,
  type: string,
  options: { workflowId: string; taskQueue: string; args: unknown[] },
): Promise<T> {
  try {
    return (await temporal.workflow
      .start(type, {
        ...options,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'USE_EXISTING',
      })
      .then((handle) => handle.result())) as T;
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    return (await temporal.workflow.getHandle(options.workflowId).result()) as T;
  }
}

function taskQueueOf(ctx: ApiContext): string {
  if (!ctx.billing)
    throw new ApiError('unavailable', 'this API process has no billing task queue configured');
  return ctx.billing.taskQueue;
}

const EINVOICES: Record<'xml' | 'ubl', { kind: InvoiceDocumentKind; render: (invoice: Invoice) => string }> =
  {
    xml: { kind: 'cii_xml', render: renderCiiXml },
    ubl: { kind: 'ubl_xml', render: renderUblXml },
  };

/** The e-invoice, rendered from the stored document and archived on first use like the PDF. */
async function einvoice(db: Knex, invoice: InvoiceRecord, format: 'xml' | 'ubl'): Promise<Buffer> {
  const { kind, render } = EINVOICES[format];
  const stored = await getInvoiceDocument(db, invoice.id, kind);
  if (stored) return stored.content;
  let xml: string;
  try {
    xml = render(invoice.invoice);
  } catch (error) {
    throw new ApiError(
      'conflict',
      `${invoice.number} has no EN 16931 e-invoice: ${(error as Error).message}`,
    );
  }
  return (await storeInvoiceDocument(db, invoice.id, kind, Buffer.from(xml, 'utf8'))).content;
}

function sendFile(reply: FastifyReply, contentType: string, fileName: string, content: Buffer) {
  return reply
    .type(contentType)
    .header('content-disposition', `attachment; filename="${fileName}"`)
    .send(content);
}

const file = (contentType: string, description: string) => ({
  description,
  content: { [contentType]: { schema: { type: 'string', format: 'binary' } } },
});

export function invoiceRoutes(app: ApiApp, ctx: ApiContext): void {
  const { db } = ctx;
  const tags = ['invoices'];

  app.get(
    '/v1/invoices',
    {
      config: { scope: 'invoices:read' },
      schema: {
        tags,
        operationId: 'listInvoices',
        summary: 'List invoices and credit notes',
        description:
          'By issue order (oldest first), filtered by issue date, live status, kind, customer or issuer. ' +
          '`X-Total-Count` gives the number matching; `Link: <…>; rel="next"` the next page.',
        querystring: InvoiceListQuery,
        response: {
          200: Type.Array(InvoiceView, { description: 'A page of documents.' }),
          ...errorResponses(422),
        },
      },
    },
    async (request, reply) => {
      const { limit: _limit, offset: _offset, ...filter } = request.query;
      const page = pageOf(request.query);
      const { views, total } = await listInvoiceViews(db, filter, page);
      setPageHeaders(request, reply, page, views.length, {
        hasMore: page.offset + views.length < total,
        total,
      });
      return views;
    },
  );

  app.get(
    '/v1/invoices/:number',
    {
      config: { scope: 'invoices:read' },
      schema: {
        tags,
        operationId: 'getInvoice',
        summary: 'One invoice or credit note',
        params: InvoiceNumberParams,
        querystring: InvoiceNumberQuery,
        response: { 200: { ...InvoiceDetail, description: 'The document.' }, ...errorResponses(404, 422) },
      },
    },
    async (request) => {
      const invoice = await requireInvoice(db, request.params.number, request.query.issuerId);
      const [payments, emails] = await Promise.all([
        paymentsOfInvoice(db, invoice.id),
        emailDeliveriesOf(db, invoice.id),
      ]);
      return {
        ...invoiceViewOf(invoice),
        document: invoice.invoice as unknown as Record<string, unknown>,
        payments: payments.map(({ paymentIntentId, state, amountMinor, currency }) => ({
          paymentIntentId,
          state,
          amountMinor,
          currency,
        })),
        emails: emails.map(({ recipient, status, attempts, lastError, sentAt }) => ({
          recipient,
          status,
          attempts,
          lastError,
          sentAt,
        })),
      };
    },
  );

  app.get(
    '/v1/invoices/:number/pdf',
    {
      config: { scope: 'invoices:read' },
      schema: {
        tags,
        operationId: 'getInvoicePdf',
        summary: 'The PDF (PDF/A-3, Factur-X for business customers)',
        description: 'Exactly the archived file the customer was sent (rendered and archived on first use).',
        params: InvoiceNumberParams,
        querystring: InvoiceNumberQuery,
        response: { 200: file('application/pdf', 'The PDF.'), ...errorResponses(404, 422) },
      },
    },
    async (request, reply) => {
      const invoice = await requireInvoice(db, request.params.number, request.query.issuerId);
      return sendFile(reply, 'application/pdf', pdfFileName(invoice.number), await invoicePdf(db, invoice));
    },
  );

  for (const format of ['xml', 'ubl'] as const) {
    app.get(
      `/v1/invoices/:number/${format}`,
      {
        config: { scope: 'invoices:read' },
        schema: {
          tags,
          operationId: format === 'xml' ? 'getInvoiceCii' : 'getInvoiceUbl',
          summary:
            format === 'xml'
              ? 'The EN 16931 e-invoice as UN/CEFACT CII (Factur-X / ZUGFeRD)'
              : 'The EN 16931 e-invoice as UBL 2.1 (XRechnung 3.0)',
          description: '409 for currencies EN 16931 cannot carry (more than two decimals, e.g. KWD).',
          params: InvoiceNumberParams,
          querystring: InvoiceNumberQuery,
          response: { 200: file('application/xml', 'The XML.'), ...errorResponses(404, 409, 422) },
        },
      },
      async (request, reply) => {
        const invoice = await requireInvoice(db, request.params.number, request.query.issuerId);
        const suffix = format === 'xml' ? 'cii' : 'ubl';
        const name = pdfFileName(invoice.number).replace(/\.pdf$/, `.${suffix}.xml`);
        return sendFile(reply, 'application/xml; charset=utf-8', name, await einvoice(db, invoice, format));
      },
    );
  }

  app.post(
    '/v1/invoices/:number/credit-notes',
    {
      config: { scope: 'invoices:write' },
      schema: {
        tags,
        operationId: 'creditInvoice',
        summary: 'Correct an invoice with a credit note',
        description:
          'Credits every session not credited yet (`full: true`) or the sessions named in `lines`. On an ' +
          'invoice paid by card the credit note is refunded to the card through Stripe (idempotency key from ' +
          'the credit note); on an open invoice it reduces what is due. The credit note is archived and ' +
          'e-mailed like an invoice. Idempotent: the same request again (or the same `Idempotency-Key` ' +
          'header) returns the same credit note.',
        params: InvoiceNumberParams,
        querystring: InvoiceNumberQuery,
        body: CreditNoteBody,
        response: {
          201: Type.Object(
            {
              creditNote: InvoiceView,
              refund: Type.Record(Type.String(), Type.Unknown(), {
                description: 'refunded (refundId, amountMinor), not_needed (reason) or refused (failure).',
              }),
              email: Type.Record(Type.String(), Type.Unknown()),
            },
            { description: 'The credit note, its refund and its e-mail.' },
          ),
          ...errorResponses(404, 409, 422),
        },
      },
    },
    async (request, reply) => {
      const { body } = request;
      if ((body.full === true) === (body.lines !== undefined)) {
        throw invalidField(
          'full',
          'give either "full": true or "lines": [session ids], not both, not neither',
        );
      }
      const invoice = await requireInvoice(db, request.params.number, request.query.issuerId);
      const headerKey = request.headers['idempotency-key'];
      const idempotencyKey = `credit:${invoice.issuerId}:${invoice.number}:${
        typeof headerKey === 'string' && headerKey ? headerKey : contentHash(body)
      }`;
      const issueDate =
        body.issueDate ??
        localDate(new Date().toISOString(), (await requireIssuer(db, invoice.issuerId)).timeZone);
      const result = await answeringBillingErrors(() =>
        runWorkflow<{
          invoice: { number: string };
          refund: Record<string, unknown>;
          email: Record<string, unknown>;
        }>(ctx.temporal, CREDIT_NOTE_WORKFLOW_TYPE, {
          workflowId: creditNoteWorkflowId(idempotencyKey),
          taskQueue: taskQueueOf(ctx),
          args: [
            {
              invoiceNumber: invoice.number,
              issuerId: invoice.issuerId,
              reason: body.reason,
              issueDate,
              idempotencyKey,
              ...(body.full ? { full: true } : { lines: body.lines }),
            },
          ],
        }),
      );
      const note = await requireInvoice(db, result.invoice.number, invoice.issuerId);
      await auditWrite(db, request, 'invoice.credit', `invoice:${invoice.number}`, {
        creditNote: note.number,
      });
      return reply
        .code(201)
        .send({ creditNote: invoiceViewOf(note), refund: result.refund, email: result.email });
    },
  );

  app.post(
    '/v1/invoice-runs',
    {
      config: { scope: 'invoices:write' },
      schema: {
        tags,
        operationId: 'runContractInvoice',
        summary: "Invoice a contract customer's period now",
        description:
          'Runs the invoiceRun workflow for the customer and period (normally started by the customer’s ' +
          'Temporal Schedule on the 1st at 03:00 local time): selects the uninvoiced sessions that ended in ' +
          'the period, charges the saved payment method or leaves the invoice open for transfer, archives ' +
          'and e-mails it. Idempotent per customer and period: a repeated run returns the same invoice.',
        body: InvoiceRunBody,
        response: {
          200: Type.Object(
            {
              outcome: Type.String({ description: 'invoiced or nothing_to_invoice' }),
              period: Type.Object({ start: Type.String(), end: Type.String() }),
              invoice: Type.Optional(InvoiceView),
              email: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
            },
            { description: 'What the run did.' },
          ),
          ...errorResponses(404, 409, 422),
        },
      },
    },
    async (request) => {
      const { customerId, period } = request.body;
      const customer = await getCustomer(db, customerId);
      if (!customer) throw notFound(`no customer ${JSON.stringify(customerId)}`);
      if (customer.billingMode !== 'contract') {
        throw invalidField(
          'customerId',
          `customer ${customerId} is billed ad hoc (per session), not by contract runs`,
        );
      }
      const result = await answeringBillingErrors(() =>
        runWorkflow<{ outcome: string; invoice?: { number: string }; email?: Record<string, unknown> }>(
          ctx.temporal,
          INVOICE_RUN_WORKFLOW_TYPE,
          {
            workflowId: invoiceRunWorkflowId(customerId, period),
            taskQueue: taskQueueOf(ctx),
            args: [{ customerId, period }],
          },
        ),
      );
      await auditWrite(db, request, 'invoice.run', `customer:${customerId}`, {
        period,
        outcome: result.outcome,
      });
      const invoice = result.invoice && (await requireInvoice(db, result.invoice.number, customer.issuerId));
      return {
        outcome: result.outcome,
        period,
        ...(invoice && { invoice: invoiceViewOf(invoice) }),
        ...(result.email && { email: result.email }),
      };
    },
  );
}
