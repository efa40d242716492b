// /v1/tariffs: OCPI tariffs, versioned. A change appends a version; a session keeps the version frozen
// at its start, so changing a tariff never re-prices a session already under way or finished.
import { Type } from '@sinclair/typebox';
import type { Knex } from 'knex';
import {
  getTariff,
  listCurrentTariffs,
  listTariffVersions,
  putTariffVersion,
  type TariffVersionRecord,
} from '../../db';
import { InputError } from '../../tariff';
import { describeTariff } from '../../tariff/describe/describeTariff';
import { lintTariff } from '../../tariff/lint/lintTariff';
import type { Tariff } from '../../tariff/types';
import { invalidField, notFound } from '../apiError';
import type { ApiApp, ApiContext } from '../apiContext';
import { auditWrite } from '../audit';
import { refTo } from '../schemas/components';
import { errorResponses } from '../schemas/errors';
import {
  DescriptionQuery,
  PutTariffBody,
  PutTariffResponse,
  TariffDescription,
  TariffIdParams,
  TariffVersion,
  TariffVersionQuery,
  TariffVersionSummary,
} from '../schemas/tariffs';

function versionView(record: TariffVersionRecord) {
  return { id: record.tariffId, version: record.version, createdAt: record.createdAt, tariff: record.tariff };
}

async function requireTariff(db: Knex, id: string, version?: number): Promise<TariffVersionRecord> {
  const record = await getTariff(db, id, version);
  if (!record) throw notFound(`no tariff ${JSON.stringify(id)}${version ? ` version ${version}` : ''}`);
  return record;
}

/** The tariff parser's and linter's findings: errors reject the tariff (422), warnings come back with it. */
function checkedTariff(body: unknown, id: string) {
  const issues = lintTariff(body);
  const firstError = issues.find((issue) => issue.severity === 'error');
  if (firstError) throw new InputError(firstError, undefined, issues);
  const tariff = body as Tariff;
  if (tariff.id !== id) throw invalidField('id', `"${tariff.id}" differs from the id in the path, "${id}"`);
  return { tariff, warnings: issues };
}

export function tariffRoutes(app: ApiApp, { db }: ApiContext): void {
  const tags = ['tariffs'];

  app.put(
    '/v1/tariffs/:id',
    {
      config: { scope: 'tariffs:write' },
      schema: {
        tags,
        operationId: 'putTariff',
        summary: 'Create or change a tariff',
        description:
          'Body: an OCPI 2.2.1 Tariff whose `id` equals the path. It is checked strictly: every error comes ' +
          'back as 422 with its JSON path in `details`; findings that OCPI allows but that are probably not ' +
          'meant (overlapping restrictions, odd step sizes) come back as `warnings`. A changed tariff becomes ' +
          'a new version (201); the same content again (only last_updated may differ) creates nothing (200), ' +
          'so the call is idempotent.',
        params: TariffIdParams,
        body: PutTariffBody,
        response: {
          200: { ...PutTariffResponse, description: 'Unchanged: equal to the current version.' },
          201: { ...PutTariffResponse, description: 'Stored as a new version.' },
          ...errorResponses(422),
        },
      },
    },
    async (request, reply) => {
      const { tariff, warnings } = checkedTariff(request.body, request.params.id);
      const { record, created } = await putTariffVersion(db, tariff);
      await auditWrite(db, request, 'tariff.put', `tariff:${record.tariffId}`, {
        version: record.version,
        created,
        warnings: warnings.length,
      });
      return reply
        .code(created ? 201 : 200)
        .send({ id: record.tariffId, version: record.version, created, warnings });
    },
  );

  app.get(
    '/v1/tariffs/:id',
    {
      config: { scope: 'tariffs:read' },
      schema: {
        tags,
        operationId: 'getTariff',
        summary: 'A tariff version',
        params: TariffIdParams,
        querystring: TariffVersionQuery,
        response: {
          200: refTo(TariffVersion, { description: 'The tariff version.' }),
          ...errorResponses(404, 422),
        },
      },
    },
    async (request) => versionView(await requireTariff(db, request.params.id, request.query.version)),
  );

  app.get(
    '/v1/tariffs/:id/versions',
    {
      config: { scope: 'tariffs:read' },
      schema: {
        tags,
        operationId: 'listTariffVersions',
        summary: 'Every version of a tariff, oldest first',
        params: TariffIdParams,
        response: {
          200: Type.Array(TariffVersionSummary, { description: 'The versions.' }),
          ...errorResponses(404),
        },
      },
    },
    async (request) => {
      const versions = await listTariffVersions(db, request.params.id);
      if (versions.length === 0) throw notFound(`no tariff ${JSON.stringify(request.params.id)}`);
      return versions.map((record) => ({
        version: record.version,
        createdAt: record.createdAt,
        lastUpdated: record.lastUpdated,
        validFrom: record.validFrom,
        validTo: record.validTo,
      }));
    },
  );

  app.get(
    '/v1/tariffs/:id/description',
    {
      config: { scope: 'tariffs:read' },
      schema: {
        tags,
        operationId: 'describeTariff',
        summary: 'A tariff in plain words for drivers',
        description:
          'Every price with VAT and when it applies, in the order a driver reads them (the price information ' +
          'AFIR, EU 2023/1804 Art. 5, asks to show before charging).',
        params: TariffIdParams,
        querystring: DescriptionQuery,
        response: {
          200: { ...TariffDescription, description: 'The tariff in plain words.' },
          ...errorResponses(404, 422),
        },
      },
    },
    async (request) => {
      const record = await requireTariff(db, request.params.id, request.query.version);
      const description = describeTariff(record.tariff, { language: request.query.lang });
      return { id: record.tariffId, version: record.version, ...description };
    },
  );

  app.get(
    '/v1/tariffs',
    {
      config: { scope: 'tariffs:read' },
      schema: {
        tags,
        operationId: 'listTariffs',
        summary: 'The current version of every tariff',
        response: { 200: Type.Array(refTo(TariffVersion), { description: 'Current versions.' }) },
      },
    },
    async () => (await listCurrentTariffs(db)).map(versionView),
  );
}
