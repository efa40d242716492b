// /v1/issuers and /v1/customers: who invoices and who is invoiced, so an integrator sets billing up
// without SQL; and linking a token to its customer (whose sessions are then invoiced to it). PUTs
// replace (idempotent). A customer put on contract gets its invoice-run Schedule at once.
import type { Static, TSchema } from '@sinclair/typebox';
import type { Knex } from 'knex';
import { ensureInvoiceSchedules } from '../../billing/schedules';
import { getCustomer, getIssuer, linkTokenToCustomer, upsertCustomer, upsertIssuer } from '../../db';
import { notFound } from '../apiError';
import type { ApiApp, ApiContext } from '../apiContext';
import { auditWrite } from '../audit';
import {
  CustomerIdParams,
  CustomerTokenParams,
  IssuerIdParams,
  PartyView,
  PutCustomerBody,
  PutIssuerBody,
} from '../schemas/billingParties';
import { errorResponses } from '../schemas/errors';

const stored = (description: string) => ({ ...PartyView, description });

/** One kind of party: its path, body and storage. */
interface PartyResource<Body extends TSchema> {
  name: 'issuer' | 'customer';
  path: string;
  params: typeof IssuerIdParams;
  body: Body;
  putSummary: string;
  putDescription?: string;
  get(db: Knex, id: string): Promise<object | undefined>;
  put(db: Knex, id: string, body: Static<Body>): Promise<object>;
}

/** PUT (create 201 or replace 200, audited) and GET of a party. */
function partyRoutes<Body extends TSchema>(app: ApiApp, ctx: ApiContext, party: PartyResource<Body>): void {
  const { db } = ctx;
  const tags = ['customers'];
  const label = party.name[0].toUpperCase() + party.name.slice(1);
  app.put(
    `${party.path}/:id`,
    {
      config: { scope: 'customers:write' },
      schema: {
        tags,
        operationId: `put${label}`,
        summary: party.putSummary,
        ...(party.putDescription && { description: party.putDescription }),
        params: party.params,
        body: party.body,
        response: { 200: stored('Replaced.'), 201: stored('Created.'), ...errorResponses(422) },
      },
    },
    async (request, reply) => {
      const { id } = request.params;
      const existed = (await party.get(db, id)) !== undefined;
      const record = await party.put(db, id, request.body as Static<Body>);
      await auditWrite(db, request, `${party.name}.put`, `${party.name}:${id}`, { created: !existed });
      return reply.code(existed ? 200 : 201).send({ ...record });
    },
  );
  app.get(
    `${party.path}/:id`,
    {
      config: { scope: 'customers:read' },
      schema: {
        tags,
        operationId: `get${label}`,
        summary: `A${party.name === 'issuer' ? 'n' : ''} ${party.name}`,
        params: party.params,
        response: { 200: stored(`The ${party.name}.`), ...errorResponses(404) },
      },
    },
    async (request) => {
      const record = await party.get(db, request.params.id);
      if (!record) throw notFound(`no ${party.name} ${JSON.stringify(request.params.id)}`);
      return { ...record };
    },
  );
}

export function billingPartyRoutes(app: ApiApp, ctx: ApiContext): void {
  const { db } = ctx;

  partyRoutes(app, ctx, {
    name: 'issuer',
    path: '/v1/issuers',
    params: IssuerIdParams,
    body: PutIssuerBody,
    putSummary: 'Create or replace an issuer (a company that invoices)',
    get: getIssuer,
    put: (db, id, body) => upsertIssuer(db, { ...body, id }),
  });

  partyRoutes(app, ctx, {
    name: 'customer',
    path: '/v1/customers',
    params: CustomerIdParams,
    body: PutCustomerBody,
    putSummary: 'Create or replace a customer',
    putDescription:
      'A contract customer gets (or keeps up to date) its invoice-run Schedule: the 1st of each month ' +
      '(quarter) at 03:00 in its time zone.',
    get: getCustomer,
    put: async (db, id, body) => {
      const customer = await upsertCustomer(db, { ...body, id });
      if (ctx.billing) await ensureInvoiceSchedules(ctx.temporal, db, { taskQueue: ctx.billing.taskQueue });
      return customer;
    },
  });

  app.put(
    '/v1/customers/:id/tokens/:uid',
    {
      config: { scope: 'customers:write' },
      schema: {
        tags: ['customers'],
        operationId: 'linkToken',
        summary: 'Invoice a token’s sessions to this customer',
        description: 'Idempotent. The token must exist (PUT /v1/tokens/{uid}).',
        params: CustomerTokenParams,
        response: { 200: stored('The link.'), ...errorResponses(422) },
      },
    },
    async (request) => {
      const { id, uid } = request.params;
      await linkTokenToCustomer(db, uid, id);
      await auditWrite(db, request, 'customer.token', `customer:${id}`, { tokenUid: uid });
      return { customerId: id, tokenUid: uid };
    },
  );
}
