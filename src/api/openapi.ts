// The OpenAPI 3 document (GET /docs/json, UI at /docs), generated from the route schemas. Scoped routes
// are marked here, in one place: bearer security, their 401/403 answers and the scope they need.
import type { SwaggerOptions } from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { version } from '../../package.json';
import { errorResponses } from './schemas/errors';

export const SECURITY_SCHEME = 'apiKey';

const DESCRIPTION = `
HTTP for CSMS and eMSP systems that do not speak OCPP: drive charging sessions, read rated OCPI 2.2.1
CDRs, manage versioned tariffs, tokens and chargers; for finance: issuers and customers, invoices and
credit notes (JSON, PDF, EN 16931 XML), contract invoice runs, streamed exports, Stripe webhooks.

**Authentication.** Send \`Authorization: Bearer <API key>\`. Each key belongs to an API client with
scopes: \`sessions:read\`, \`sessions:write\`, \`cdrs:read\`, \`tariffs:read\`, \`tariffs:write\`,
\`tokens:read\`, \`tokens:write\`, \`chargers:read\`, \`chargers:write\`, \`invoices:read\`, \`invoices:write\`,
\`exports:read\`, \`customers:read\`, \`customers:write\`, \`admin\` (everything).
\`x:write\` includes \`x:read\`. Missing or unknown key: 401; missing scope: 403.

**Errors.** Every 4xx and 5xx has the body \`{"error": {"code", "message", "details"?}}\`; \`message\`
names the field or JSON path, \`details\` lists every problem.

**Numbers.** Energy and money of ours are decimal strings ("1234.5"), never JSON numbers, so nothing
is rounded on the way. Inside OCPI objects (CDR, Tariff) numbers are JSON numbers, as OCPI defines.

**Retries.** Every write is idempotent by its content, so retrying the same request is safe and needs
no Idempotency-Key: PUTs replace, a session start is keyed by its transaction (or charger, connector,
idTag and timestamp), meter readings by their values, the first stop wins. Every write is audited with
the client's id.
`.trim();

export const swaggerOptions: SwaggerOptions = {
  openapi: {
    openapi: '3.0.3',
    info: { title: 'chargeledger API', version, description: DESCRIPTION },
    components: {
      securitySchemes: {
        [SECURITY_SCHEME]: {
          type: 'http',
          scheme: 'bearer',
          description: 'An API key of an API client (see the bootstrap notes in src/api/README.md).',
        },
      },
    },
    tags: [
      { name: 'sessions', description: 'Charging sessions driven over HTTP.' },
      { name: 'cdrs', description: 'Rated charge detail records (OCPI 2.2.1 CDR).' },
      { name: 'tariffs', description: 'OCPI 2.2.1 tariffs, versioned.' },
      { name: 'tokens', description: 'Tokens that may start sessions.' },
      { name: 'chargers', description: 'Charger registration.' },
      { name: 'invoices', description: 'Invoices and credit notes, contract invoice runs.' },
      { name: 'exports', description: 'Finance exports (CSV, JSON, NDJSON, DATEV), streamed.' },
      { name: 'customers', description: 'Issuers and customers: who invoices and who is invoiced.' },
      { name: 'webhooks', description: 'Stripe webhooks (signed, no API key).' },
      { name: 'health', description: 'Liveness.' },
    ],
  },
  // Named schemas become components.schemas entries under their own $id.
  refResolver: {
    buildLocalReference: (json, _baseUri, _fragment, i) =>
      typeof json.$id === 'string' ? json.$id : `def-${i}`,
  },
};

/** Marks every route that has a scope: bearer security, 401 and 403 responses, the scope in its description. */
export function documentScopes(app: FastifyInstance): void {
  app.addHook('onRoute', (route) => {
    const scope = route.config?.scope;
    if (!scope || !route.schema) return;
    route.schema.security = [{ [SECURITY_SCHEME]: [] }];
    route.schema.description = [route.schema.description, `Requires scope \`${scope}\` (or \`admin\`).`]
      .filter(Boolean)
      .join('\n\n');
    route.schema.response = { ...(route.schema.response as object), ...errorResponses(401, 403) };
  });
}
