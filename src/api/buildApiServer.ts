// The HTTP API as a Fastify instance, ready to `listen` or `inject`: validation, errors, authentication,
// the OpenAPI document and every route. No I/O happens here until a request arrives.
import swagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Client } from '@temporalio/client';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import type { Knex } from 'knex';
import pino, { type Logger } from 'pino';
import type { SessionService } from '../lifecycle/sessionService';
import { ocpiRoutes, type OcpiRoutesOptions } from '../ocpi';
import type { ApiApp, ApiContext, BillingApiSettings } from './apiContext';
import { installAuthentication } from './auth';
import { registerDocs } from './docsRoutes';
import { installErrorHandlers } from './errorHandler';
import { documentScopes, swaggerOptions } from './openapi';
import { billingPartyRoutes } from './routes/billingParties';
import { cdrRoutes } from './routes/cdrs';
import { chargerRoutes } from './routes/chargers';
import { exportRoutes } from './routes/exports';
import { healthRoutes } from './routes/health';
import { invoiceRoutes } from './routes/invoices';
import { sessionRoutes } from './routes/sessions';
import { stripeWebhookRoutes } from './routes/stripeWebhooks';
import { tariffRoutes } from './routes/tariffs';
import { tokenRoutes } from './routes/tokens';
import { ChargerView } from './schemas/chargers';
import { ErrorBodySchema } from './schemas/errors';
import { OcpiCdr, OcpiTariff } from './schemas/ocpi';
import { SessionView } from './schemas/sessions';
import { TariffVersion } from './schemas/tariffs';
import { TokenView } from './schemas/tokens';
import { validatorCompiler } from './validation';

export interface ApiServerOptions {
  db: Knex;
  /** The session edge shared with the OCPP gateway. */
  sessions: SessionService;
  /** For GET /health. */
  temporal: Client;
  logger?: Logger;
  /** Largest request body in bytes (default 16 MiB: ten thousand signed meter readings fit). */
  bodyLimit?: number;
  /** Invoice runs, credit notes and Stripe webhooks. */
  billing?: BillingApiSettings;
  /** Serve the OCPI 2.2.1 routes (paths from `identity.baseUrl`, OCPI's own token authentication). */
  ocpi?: Omit<OcpiRoutesOptions, 'db'>;
}

const NAMED_SCHEMAS = [
  ErrorBodySchema,
  OcpiTariff,
  OcpiCdr,
  SessionView,
  TariffVersion,
  TokenView,
  ChargerView,
];

export function buildApiServer(options: ApiServerOptions): ApiApp {
  const logger: FastifyBaseLogger = options.logger ?? pino({ level: 'silent' });
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: options.bodyLimit ?? 16 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true },
  }).withTypeProvider<TypeBoxTypeProvider>();

  // JSON only: Fastify would otherwise hand a text/plain body to the validator as a string.
  app.removeContentTypeParser('text/plain');
  app.setValidatorCompiler(validatorCompiler);
  installErrorHandlers(app);
  installAuthentication(app, options.db);
  for (const schema of NAMED_SCHEMAS) app.addSchema(schema);
  documentScopes(app);
  app.register(swagger, swaggerOptions);
  registerDocs(app, logger);

  const context: ApiContext = {
    db: options.db,
    sessions: options.sessions,
    temporal: options.temporal,
    ...(options.billing && { billing: options.billing }),
  };
  app.register(async (routes) => {
    const typed = routes.withTypeProvider<TypeBoxTypeProvider>();
    for (const add of [
      healthRoutes,
      sessionRoutes,
      cdrRoutes,
      tariffRoutes,
      tokenRoutes,
      chargerRoutes,
      invoiceRoutes,
      exportRoutes,
      stripeWebhookRoutes,
      billingPartyRoutes,
    ]) {
      add(typed, context);
    }
  });
  if (options.ocpi) {
    const ocpi: OcpiRoutesOptions = { db: options.db, ...options.ocpi };
    app.register(async (scope) => {
      // OCPI is a protocol of its own, documented by its specification: not in our OpenAPI document.
      scope.addHook('onRoute', (route) => {
        route.schema = { ...route.schema, hide: true };
      });
      await scope.register(ocpiRoutes, ocpi);
    });
  }
  return app;
}
