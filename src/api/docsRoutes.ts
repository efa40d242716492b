// Where the OpenAPI document is served: /docs (Swagger UI), /docs/json and /docs/yaml.
// Swagger UI's static-file server depends on an ES-module-only package, which CommonJS can load only
// where require(esm) works (Node ≥ 20.19; not under jest). Elsewhere the document is still served at
// /docs/json and /docs/yaml, and /docs says why the UI is missing.
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import { ApiError } from './apiError';

function swaggerUiLoads(): boolean {
  try {
    require('@fastify/static');
    return true;
  } catch {
    return false;
  }
}

export function registerDocs(app: FastifyInstance, logger: FastifyBaseLogger): void {
  if (swaggerUiLoads()) {
    app.register(require('@fastify/swagger-ui'), { routePrefix: '/docs' });
    return;
  }
  logger.warn(
    'Swagger UI cannot load here (needs require(esm), Node ≥ 20.19): serving /docs/json and /docs/yaml',
  );
  app.register(
    async (docs) => {
      docs.get('/json', { schema: { hide: true } }, () => docs.swagger());
      docs.get('/yaml', { schema: { hide: true } }, (_request, reply) =>
        reply.type('application/x-yaml').send(docs.swagger({ yaml: true })),
      );
      docs.get('/', { schema: { hide: true } }, () => {
        throw new ApiError(
          'unavailable',
          'Swagger UI needs Node ≥ 20.19 (require of ES modules); the document is at /docs/json',
        );
      });
    },
    { prefix: '/docs' },
  );
}
