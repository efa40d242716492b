// What the routes work with: the database, the session edge and the Temporal client (health only).
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Client } from '@temporalio/client';
import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { Knex } from 'knex';
import type { SessionService } from '../lifecycle/sessionService';

export interface ApiContext {
  db: Knex;
  sessions: SessionService;
  temporal: Client;
  /** Where billing workflows run and how Stripe webhooks are verified; without it those routes answer 503. */
  billing?: BillingApiSettings;
}

export interface BillingApiSettings {
  /** The task queue of the workers running invoiceRun and creditNote. */
  taskQueue: string;
  /** STRIPE_WEBHOOK_SECRET. */
  stripeWebhookSecret?: string;
}

/** The Fastify instance routes are added to: TypeBox schemas type the handlers' requests and replies. */
export type ApiApp = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;
