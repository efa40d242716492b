// The OpenAPI document generated from the route schemas (src/api/openapi.ts): valid JSON listing every
// route with its schemas, security and documented errors, so a newcomer can generate a client from it.
import { useApi } from './harness';
import type { Json } from './http';

const api = useApi();
let doc: Json;

const OPERATIONS = [
  ['get', '/health'],
  ['post', '/v1/sessions'],
  ['get', '/v1/sessions'],
  ['get', '/v1/sessions/{sessionId}'],
  ['post', '/v1/sessions/{sessionId}/meter-values'],
  ['post', '/v1/sessions/{sessionId}/status'],
  ['post', '/v1/sessions/{sessionId}/stop'],
  ['post', '/v1/sessions/{sessionId}/remote-stop'],
  ['get', '/v1/cdrs'],
  ['get', '/v1/cdrs/{id}'],
  ['put', '/v1/tariffs/{id}'],
  ['get', '/v1/tariffs/{id}'],
  ['get', '/v1/tariffs/{id}/versions'],
  ['get', '/v1/tariffs/{id}/description'],
  ['get', '/v1/tariffs'],
  ['put', '/v1/tokens/{uid}'],
  ['get', '/v1/tokens/{uid}'],
  ['patch', '/v1/tokens/{uid}'],
  ['put', '/v1/chargers/{chargePointId}'],
  ['get', '/v1/chargers/{chargePointId}'],
] as const;

const operations = () =>
  Object.entries(doc.paths as Record<string, Record<string, Json>>).flatMap(([path, methods]) =>
    Object.entries(methods).map(([method, operation]) => ({ method, path, operation })),
  );

beforeAll(async () => {
  const response = await api.inject({ url: '/docs/json' });
  expect(response.statusCode).toBe(200);
  expect(response.headers['content-type']).toMatch(/^application\/json/);
  doc = response.body;
});

it('is an OpenAPI 3.0 document with every session, CDR, tariff, token and charger route', () => {
  expect(doc.openapi).toBe('3.0.3');
  expect(doc.info).toMatchObject({ title: 'chargeledger API', version: expect.any(String) });
  expect(doc.info.description).toMatch(/Authorization: Bearer/);
  expect(operations().map(({ method, path }) => [method, path])).toEqual(
    expect.arrayContaining(OPERATIONS.map(([method, path]) => [method, path])),
  );
});

it('gives every operation an id, a summary, a tag and described responses', () => {
  const ids = operations().map(({ operation }) => operation.operationId);
  expect(ids.every((id) => typeof id === 'string')).toBe(true);
  expect(new Set(ids).size).toBe(ids.length);
  for (const { method, path, operation } of operations()) {
    const where = `${method} ${path}`;
    expect([where, typeof operation.summary]).toEqual([where, 'string']);
    expect([where, operation.tags?.length]).toEqual([where, 1]);
    for (const [status, response] of Object.entries(operation.responses as Record<string, Json>)) {
      expect([where, status, response.description]).not.toEqual([where, status, 'Default Response']);
    }
  }
});

it('marks scoped routes with bearer security, 401 and 403, and the scope they need', () => {
  expect(doc.components.securitySchemes.apiKey).toEqual(
    expect.objectContaining({ type: 'http', scheme: 'bearer' }),
  );
  const start = doc.paths['/v1/sessions'].post;
  expect(start.security).toEqual([{ apiKey: [] }]);
  expect(start.description).toContain('Requires scope `sessions:write`');
  for (const status of ['400', '401', '403', '409', '422']) {
    expect(start.responses[status].content['application/json'].schema).toEqual({
      $ref: '#/components/schemas/Error',
    });
  }
  expect(doc.paths['/health'].get.security).toEqual([]);
  expect(doc.paths['/health'].get.responses['401']).toBeUndefined();
});

it('documents request bodies with their constraints and an example', () => {
  const body = doc.paths['/v1/sessions'].post.requestBody.content['application/json'];
  expect(body.schema.required).toEqual([
    'chargePointId',
    'connectorId',
    'idTag',
    'meterStartWh',
    'timestamp',
  ]);
  expect(body.schema.additionalProperties).toBe(false);
  expect(body.schema.properties.meterStartWh).toMatchObject({ type: 'string', pattern: '^\\d+(\\.\\d+)?$' });
  expect(body.schema.properties.timestamp).toMatchObject({ type: 'string', format: 'date-time' });
  expect(body.example).toMatchObject({ chargePointId: 'CP-1', meterStartWh: '1000000' });

  const tariff = doc.paths['/v1/tariffs/{id}'].put.requestBody.content['application/json'].schema;
  expect(tariff).toEqual({ $ref: '#/components/schemas/OcpiTariff' });
  const ocpiTariff = doc.components.schemas.OcpiTariff;
  expect(ocpiTariff.required).toEqual([
    'country_code',
    'party_id',
    'id',
    'currency',
    'elements',
    'last_updated',
  ]);
  expect(
    ocpiTariff.properties.elements.items.properties.price_components.items.properties.step_size.type,
  ).toBe('integer');
});

it('names the shared schemas, and every $ref resolves', () => {
  expect(Object.keys(doc.components.schemas)).toEqual(
    expect.arrayContaining([
      'Charger',
      'Error',
      'OcpiCdr',
      'OcpiTariff',
      'Session',
      'TariffVersion',
      'Token',
    ]),
  );
  const refs = [...JSON.stringify(doc).matchAll(/"\$ref":"([^"]+)"/g)].map((m) => m[1]);
  expect(refs.length).toBeGreaterThan(40);
  for (const ref of new Set(refs)) {
    expect(ref).toMatch(/^#\/components\/schemas\//);
    expect([ref, doc.components.schemas[ref.split('/').pop()!] !== undefined]).toEqual([ref, true]);
  }
  expect(doc.components.schemas.Error.properties.error.properties.code.enum).toEqual(
    expect.arrayContaining(['validation_failed', 'not_found', 'unauthorized', 'forbidden', 'conflict']),
  );
});

it('serves the same document as YAML', async () => {
  const yaml = await api.inject({ url: '/docs/yaml' });
  expect(yaml.statusCode).toBe(200);
  expect(yaml.headers['content-type']).toMatch(/^application\/x-yaml/);
  expect(yaml.body).toMatch(/^openapi: 3\.0\.3$/m);
  expect(yaml.body).toMatch(/^ {2}\/v1\/sessions\/\{sessionId\}\/meter-values:$/m);
});
