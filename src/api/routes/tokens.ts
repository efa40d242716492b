// /v1/tokens: the RFID cards and app users that may start sessions, and whom they bill.
import type { Knex } from 'knex';
import { findToken, getTariff, setTokenStatus, upsertToken } from '../../db';
import { invalidField, notFound } from '../apiError';
import type { ApiApp, ApiContext } from '../apiContext';
import { auditWrite } from '../audit';
import { refTo } from '../schemas/components';
import { errorResponses } from '../schemas/errors';
import { PatchTokenBody, PutTokenBody, TokenUidParams, TokenView } from '../schemas/tokens';

/** A contract tariff that does not exist would leave the token's sessions unpriced. */
async function requireKnownTariff(db: Knex, tariffId: string | null | undefined): Promise<void> {
  if (tariffId && !(await getTariff(db, tariffId))) {
    throw invalidField('tariffId', `no tariff ${JSON.stringify(tariffId)} (PUT /v1/tariffs/{id} first)`);
  }
}

export function tokenRoutes(app: ApiApp, { db }: ApiContext): void {
  const tags = ['tokens'];

  app.put(
    '/v1/tokens/:uid',
    {
      config: { scope: 'tokens:write' },
      schema: {
        tags,
        operationId: 'putToken',
        summary: 'Create or replace a token',
        description:
          'Replaces the whole token (fields left out take their defaults), like an OCPI PUT: idempotent. ' +
          '201 when the token is new, 200 when it replaced one.',
        params: TokenUidParams,
        body: PutTokenBody,
        response: {
          200: refTo(TokenView, { description: 'Replaced.' }),
          201: refTo(TokenView, { description: 'Created.' }),
          ...errorResponses(422),
        },
      },
    },
    async (request, reply) => {
      const { uid } = request.params;
      await requireKnownTariff(db, request.body.tariffId);
      const existed = (await findToken(db, uid)) !== undefined;
      const token = await upsertToken(db, { ...request.body, uid });
      await auditWrite(db, request, 'token.put', `token:${uid}`, { status: token.status, created: !existed });
      return reply.code(existed ? 200 : 201).send(token);
    },
  );

  app.get(
    '/v1/tokens/:uid',
    {
      config: { scope: 'tokens:read' },
      schema: {
        tags,
        operationId: 'getToken',
        summary: 'A token',
        params: TokenUidParams,
        response: { 200: refTo(TokenView, { description: 'The token.' }), ...errorResponses(404) },
      },
    },
    async (request) => {
      const token = await findToken(db, request.params.uid);
      if (!token) throw notFound(`no token ${JSON.stringify(request.params.uid)}`);
      return token;
    },
  );

  app.patch(
    '/v1/tokens/:uid',
    {
      config: { scope: 'tokens:write' },
      schema: {
        tags,
        operationId: 'setTokenStatus',
        summary: 'Block or unblock a token',
        description: 'Changes only the status. A blocked token is refused at the next session start.',
        params: TokenUidParams,
        body: PatchTokenBody,
        response: { 200: refTo(TokenView, { description: 'The token.' }), ...errorResponses(404, 422) },
      },
    },
    async (request) => {
      const { uid } = request.params;
      const token = await setTokenStatus(db, uid, request.body.status);
      if (!token) throw notFound(`no token ${JSON.stringify(uid)}`);
      await auditWrite(db, request, 'token.status', `token:${uid}`, { status: token.status });
      return token;
    },
  );
}
