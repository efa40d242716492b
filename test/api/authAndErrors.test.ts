// Authentication, scopes and the error shape, in-process on a loopback port against a real PostgreSQL
// schema; src/api's buildApiServer with a real Temporal client (no worker: nothing here runs a session).
import { Client, Connection } from '@temporalio/client';
import pino from 'pino';
import { buildApiServer } from '../../src/api';
import { listAudit, revokeApiClient, createApiClient } from '../../src/db';
import { freePort } from '../../src/dev/freePort';
import { SessionService } from '../../src/lifecycle/sessionService';
import { bearerFor, useApi } from './harness';
import { send } from './http';

const api = useApi();

const TARIFF = {
  country_code: 'DE',
  party_id: 'CLG',
  id: 'AUTH-T1',
  currency: 'EUR',
  elements: [{ price_components: [{ type: 'ENERGY', price: 0.3, vat: 19, step_size: 1 }] }],
  last_updated: '2026-01-01T00:00:00Z',
};

/** Every error body has exactly this shape. */
function expectErrorBody(
  body: unknown,
  code: string,
): { message: string; details?: Record<string, unknown>[] } {
  expect(body).toEqual({
    error: expect.objectContaining({ code, message: expect.any(String) }),
  });
  const { error } = body as { error: Record<string, unknown> };
  expect(Object.keys(error).sort()).toEqual(
    error.details === undefined ? ['code', 'message'] : ['code', 'details', 'message'],
  );
  expect(JSON.stringify(body)).not.toMatch(/\bat .*\.(ts|js):\d+/); // no stack trace
  return error as { message: string; details?: Record<string, unknown>[] };
}

describe('authentication', () => {
  it('401 without a key, with a malformed header, an unknown key and a revoked key', async () => {
    const missing = await api.inject({ method: 'GET', url: '/v1/tariffs' });
    expect(missing.statusCode).toBe(401);
    expect(missing.headers['www-authenticate']).toBe('Bearer');
    expect(expectErrorBody(missing.body, 'unauthorized').message).toMatch(/Authorization header/);

    const basic = await api.inject({
      url: '/v1/tariffs',
      headers: { authorization: 'Basic dXNlcjpwdw==' },
    });
    expect(basic.statusCode).toBe(401);
    expect(expectErrorBody(basic.body, 'unauthorized').message).toMatch(/Bearer <API key>/);

    const unknown = await api.inject({
      url: '/v1/tariffs',
      headers: { authorization: 'Bearer not-a-key' },
    });
    expect(unknown.statusCode).toBe(401);
    expectErrorBody(unknown.body, 'unauthorized');

    const { client, apiKey } = await createApiClient(api.db, { name: 'soon-revoked', scopes: ['admin'] });
    const headers = { authorization: `Bearer ${apiKey}` };
    expect((await api.inject({ url: '/v1/tariffs', headers })).statusCode).toBe(200);
    await revokeApiClient(api.db, client.id);
    const revoked = await api.inject({ url: '/v1/tariffs', headers });
    expect(revoked.statusCode).toBe(401);
    expect(expectErrorBody(revoked.body, 'unauthorized').message).toMatch(/revoked/);
  });

  it('403 names the missing scope; write includes read; admin includes everything', async () => {
    const reader = await bearerFor(api.db, 'cdr-reader', ['cdrs:read']);
    const put = await api.inject({
      method: 'PUT',
      url: `/v1/tariffs/${TARIFF.id}`,
      headers: reader,
      payload: TARIFF,
    });
    expect(put.statusCode).toBe(403);
    expect(expectErrorBody(put.body, 'forbidden').message).toBe(
      'API client "cdr-reader" lacks scope tariffs:write (it has: cdrs:read)',
    );
    expect((await api.inject({ url: '/v1/cdrs', headers: reader })).statusCode).toBe(200);

    const tariffWriter = await bearerFor(api.db, 'tariff-writer', ['tariffs:write']);
    const created = await api.inject({
      method: 'PUT',
      url: `/v1/tariffs/${TARIFF.id}`,
      headers: tariffWriter,
      payload: TARIFF,
    });
    expect(created.statusCode).toBe(201);
    expect((await api.inject({ url: `/v1/tariffs/${TARIFF.id}`, headers: tariffWriter })).statusCode).toBe(
      200,
    );
    expect((await api.inject({ url: '/v1/cdrs', headers: tariffWriter })).statusCode).toBe(403);

    const admin = await bearerFor(api.db, 'admin', ['admin']);
    expect((await api.inject({ url: '/v1/cdrs', headers: admin })).statusCode).toBe(200);
  });

  it('audits a write with the client id, and a refused request not at all', async () => {
    const { client, apiKey } = await createApiClient(api.db, { name: 'audited', scopes: ['tariffs:write'] });
    const headers = { authorization: `Bearer ${apiKey}` };
    const changed = { ...TARIFF, id: 'AUTH-T2' };
    await api.inject({ method: 'PUT', url: '/v1/tariffs/AUTH-T2', headers, payload: changed });
    await api.inject({
      method: 'PUT',
      url: '/v1/tariffs/AUTH-T2',
      headers,
      payload: { ...changed, currency: 'E' },
    });
    const entries = await listAudit(api.db, { actor: `api:${client.id}` });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'tariff.put',
      subject: 'tariff:AUTH-T2',
      data: { version: 1, created: true, warnings: 0, requestId: expect.any(String) },
    });
  });

  it('serves /health without a key: PostgreSQL and Temporal answer', async () => {
    const health = await api.inject({ url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.body).toEqual({ status: 'ok', checks: { database: 'ok', temporal: 'ok' } });
  });

  it('answers /health with 503 naming Temporal when nothing listens at its address', async () => {
    const nowhere = `127.0.0.1:${await freePort()}`;
    const temporal = new Client({ connection: Connection.lazy({ address: nowhere }) });
    const sessions = new SessionService({
      db: api.db,
      client: temporal,
      taskQueue: 'unused',
      logger: pino({ level: 'silent' }),
    });
    const app = buildApiServer({ db: api.db, sessions, temporal });
    try {
      const url = await app.listen({ host: '127.0.0.1', port: 0 });
      const health = await send(url, { url: '/health' });
      expect(health.statusCode).toBe(503);
      const error = expectErrorBody(health.body, 'unavailable');
      expect(error.message).toMatch(/^temporal: /);
      expect(error.details).toEqual([{ path: 'temporal', message: expect.any(String) }]);
    } finally {
      await app.close();
      await temporal.connection.close();
    }
  });
});

describe('error bodies', () => {
  let admin: { authorization: string };
  beforeAll(async () => {
    admin = await bearerFor(api.db, 'errors-admin', ['admin']);
  });

  it('404 for an unknown route and for unknown resources, naming them', async () => {
    const route = await api.inject({ url: '/v1/nothing-here?x=1', headers: admin });
    expect(route.statusCode).toBe(404);
    expect(expectErrorBody(route.body, 'not_found').message).toBe('no route GET /v1/nothing-here');

    for (const [url, named] of [
      ['/v1/sessions/session-NOPE-1', 'session "session-NOPE-1"'],
      ['/v1/cdrs/CDR-NOPE', 'CDR "CDR-NOPE"'],
      ['/v1/tariffs/NOPE', 'tariff "NOPE"'],
      ['/v1/tariffs/AUTH-T1?version=9', 'tariff "AUTH-T1" version 9'],
      ['/v1/tokens/NOPE', 'token "NOPE"'],
      ['/v1/chargers/NOPE', 'charger "NOPE"'],
    ]) {
      const response = await api.inject({ url, headers: admin });
      expect([url, response.statusCode]).toEqual([url, 404]);
      expect(expectErrorBody(response.body, 'not_found').message).toBe(`no ${named}`);
    }
  });

  it('422 names each offending field by its JSON path', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/v1/sessions/session-X-1/meter-values',
      headers: admin,
      payload: {
        samples: [
          { timestamp: '2026-01-15T16:35:00Z', energyWh: '1000' },
          { timestamp: '2026-01-15T16:40:00Z', energyWh: 1000.5 },
          { timestamp: '2026-01-15 16:45', energyWh: '1001' },
        ],
      },
    });
    expect(response.statusCode).toBe(422);
    const error = expectErrorBody(response.body, 'validation_failed');
    expect(error.message).toBe(
      'body samples[1].energyWh: expected a non-negative decimal number as a string, e.g. "1234.5" ' +
        '(and 1 more problem(s), see details)',
    );
    expect(error.details).toEqual([
      {
        in: 'body',
        path: 'samples[1].energyWh',
        message: 'expected a non-negative decimal number as a string, e.g. "1234.5"',
      },
      {
        in: 'body',
        path: 'samples[2].timestamp',
        message: 'expected an RFC 3339 instant with offset, e.g. "2026-01-15T16:30:00Z"',
      },
    ]);
  });

  it('422 for unknown fields (typos) and missing ones; no type coercion in bodies', async () => {
    const response = await api.inject({
      method: 'POST',
      url: '/v1/sessions',
      headers: admin,
      payload: {
        chargePointId: 'CP-1',
        connectorId: '1',
        idTag: 'TAG',
        meterStartWH: '1000',
        timestamp: '2026-01-15T16:30:00Z',
      },
    });
    expect(response.statusCode).toBe(422);
    const { details } = expectErrorBody(response.body, 'validation_failed');
    expect(details).toEqual(
      expect.arrayContaining([
        { in: 'body', path: 'meterStartWh', message: 'is required' },
        { in: 'body', path: 'connectorId', message: 'expected integer' },
        expect.objectContaining({
          path: 'meterStartWH',
          message: expect.stringMatching(/^is not a known field/),
        }),
      ]),
    );
  });

  it('422 for query parameters; 400 for malformed JSON; 415 for another content type', async () => {
    const query = await api.inject({ url: '/v1/cdrs?limit=0&from=yesterday', headers: admin });
    expect(query.statusCode).toBe(422);
    expect(expectErrorBody(query.body, 'validation_failed').details).toEqual([
      {
        in: 'query',
        path: 'from',
        message: 'expected an RFC 3339 instant with offset, e.g. "2026-01-15T16:30:00Z"',
      },
      { in: 'query', path: 'limit', message: 'expected integer to be greater or equal to 1' },
    ]);

    const malformed = await api.inject({
      method: 'POST',
      url: '/v1/sessions',
      headers: { ...admin, 'content-type': 'application/json' },
      payload: '{"chargePointId": ',
    });
    expect(malformed.statusCode).toBe(400);
    expect(expectErrorBody(malformed.body, 'malformed_request').message).toMatch(/not valid JSON/);

    const text = await api.inject({
      method: 'POST',
      url: '/v1/sessions',
      headers: { ...admin, 'content-type': 'text/plain' },
      payload: 'start please',
    });
    expect(text.statusCode).toBe(415);
    expectErrorBody(text.body, 'unsupported_media_type');
  });

  it('422 for a tariff: every parser finding with its JSON path; nothing stored', async () => {
    const bad = {
      ...TARIFF,
      id: 'AUTH-BAD',
      elements: [
        { price_components: [{ type: 'ENERGY', price: '0.30', step_size: 1 }] },
        { price_components: [] },
      ],
    };
    const response = await api.inject({
      method: 'PUT',
      url: '/v1/tariffs/AUTH-BAD',
      headers: admin,
      payload: bad,
    });
    expect(response.statusCode).toBe(422);
    const error = expectErrorBody(response.body, 'validation_failed');
    expect(error.message).toMatch(/^body elements\[0\]\.price_components\[0\]\.price: /);
    expect(error.details).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          in: 'body',
          path: 'elements[0].price_components[0].price',
          severity: 'error',
        }),
        expect.objectContaining({ in: 'body', path: 'elements[1].price_components', severity: 'error' }),
      ]),
    );
    expect((await api.inject({ url: '/v1/tariffs/AUTH-BAD', headers: admin })).statusCode).toBe(404);

    const elsewhere = await api.inject({
      method: 'PUT',
      url: '/v1/tariffs/OTHER',
      headers: admin,
      payload: TARIFF,
    });
    expect(elsewhere.statusCode).toBe(422);
    expect(expectErrorBody(elsewhere.body, 'validation_failed').message).toBe(
      'body id: "AUTH-T1" differs from the id in the path, "OTHER"',
    );
  });

  it('422 from the session rules: unknown charger, unknown connector', async () => {
    const start = {
      chargePointId: 'NO-SUCH-CP',
      connectorId: 1,
      idTag: 'T',
      meterStartWh: '0',
      timestamp: '2026-01-15T16:30:00Z',
    };
    const unknownCharger = await api.inject({
      method: 'POST',
      url: '/v1/sessions',
      headers: admin,
      payload: start,
    });
    expect(unknownCharger.statusCode).toBe(422);
    expect(expectErrorBody(unknownCharger.body, 'validation_failed').details).toEqual([
      expect.objectContaining({ in: 'body', path: 'chargePointId' }),
    ]);

    await api.inject({
      method: 'PUT',
      url: '/v1/chargers/ERR-CP',
      headers: admin,
      payload: { ocppVersion: '1.6', connectors: [{ connectorId: 1 }] },
    });
    const unknownConnector = await api.inject({
      method: 'POST',
      url: '/v1/sessions',
      headers: admin,
      payload: { ...start, chargePointId: 'ERR-CP', connectorId: 2 },
    });
    expect(unknownConnector.statusCode).toBe(422);
    expect(expectErrorBody(unknownConnector.body, 'validation_failed').message).toBe(
      'body connectorId: charger ERR-CP has no connector 2 (registered: 1)',
    );
  });
});
