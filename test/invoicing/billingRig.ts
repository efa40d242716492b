// What the invoicing end-to-end tests share: the running stack (worker with the billing activities,
// OCPP gateway, optionally the HTTP API) on the run's Temporal dev server and the file's test database,
// with Stripe calls going through a recording tap to the run's stripe-mock and e-mail to an SMTP server
// started here. Parties: the issuer of test/billing/fixtures and an ad hoc driver paying by card.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import { startSmtpSink, type SmtpSink, type SmtpSinkOptions } from '../../src/dev/smtpServer';
import { startStripeMock, type StripeMock } from '../../src/dev/stripeMock';
import type { CustomerInput } from '../../src/db/repos/customers';
import { startStack, type Stack, type StackOptions } from '../../src/runtime/stack';
import type { BillingSettings } from '../../activities/billing';
import { connectClient, connectWorkerConnection } from '../../src/temporal/connection';
import { bundleWorkflows, createWorker } from '../../src/worker';
import type { TestDatabase } from '../helpers/db';
import { testTemporalConfig } from '../helpers/temporal';
import { CPO, type LifecycleRig } from '../lifecycle/lifecycleRig';
import { startStripeRecorder, type StripeRecorder } from './stripeRecorder';

export interface BillingRig extends LifecycleRig {
  stripe: StripeRecorder;
  smtp: SmtpSink;
  /** Where files the stack writes go (outbox when no SMTP). */
  outDir: string;
  /** The billing settings of a worker using `stripeKey` (what the stack's own worker uses by default). */
  billingWith(stripeKey: string): BillingSettings;
}

/** A worker of the rig's task queue started by the test (for a stack started with `worker: false`). */
export interface TestWorker {
  stop(): Promise<void>;
}

export async function startTestWorker(
  rig: BillingRig,
  db: TestDatabase['db'],
  billing: BillingSettings,
): Promise<TestWorker> {
  const connection = await connectWorkerConnection(rig.temporal);
  const worker = await createWorker({
    connection,
    namespace: rig.temporal.namespace,
    taskQueue: rig.temporal.taskQueue,
    db,
    defaultOwner: CPO,
    workflowBundle: rig.workflowBundle,
    billing,
  });
  const running = worker.run();
  return {
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
    },
  };
}

export interface BillingRigOptions {
  /** The Stripe secret key the stack's worker uses (default sk_test_123, which stripe-mock accepts). */
  stripeKey?: string;
  smtp?: SmtpSinkOptions;
  api?: boolean;
  stack?: Partial<StackOptions>;
}

/** Registers jest hooks that start everything before the file's tests and stop it after them. */
export function useBillingRig(testDb: { readonly db: TestDatabase['db'] }, options: BillingRigOptions = {}) {
  let rig: BillingRig | undefined;
  let mock: StripeMock | undefined;
  beforeAll(async () => {
    let target = process.env.STRIPE_API_BASE;
    if (!target) {
      mock = await startStripeMock();
      target = mock.url;
    }
    const stripe = await startStripeRecorder(target);
    const smtp = await startSmtpSink(options.smtp);
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'chargeledger-invoicing-'));
    const temporal = testTemporalConfig();
    const workflowBundle = await bundleWorkflows();
    const billingWith = (stripeKey: string): BillingSettings => ({
      stripe: { secretKey: stripeKey, apiBase: stripe.url },
      holdAmount: '50.00',
      mail: { smtpUrl: smtp.url, outDir },
    });
    const stack: Stack = await startStack({
      db: testDb.db,
      temporal,
      defaultOwner: CPO,
      ocpp: {},
      ...(options.api && { api: {} }),
      workflowBundle,
      billing: billingWith(options.stripeKey ?? 'sk_test_123'),
      ...options.stack,
    });
    const client: Client = await connectClient(temporal);
    rig = { stack, client, temporal, workflowBundle, stripe, smtp, outDir, billingWith };
  }, 120_000);
  afterAll(async () => {
    await rig?.stack.close();
    await rig?.client.connection.close();
    await rig?.smtp.stop();
    await rig?.stripe.stop();
    await mock?.stop();
    if (rig) fs.rmSync(rig.outDir, { recursive: true, force: true });
  });
  return {
    get current(): BillingRig {
      if (!rig) throw new Error('the billing rig is not ready yet: use it inside tests or hooks');
      return rig;
    },
  };
}

/** A driver without contract who pays each session by card (Stripe test card pm_card_visa). */
export const cardDriver: CustomerInput = {
  id: 'C-DRIVER-1',
  issuerId: 'voltwerk',
  kind: 'consumer',
  name: 'Jonas Fahrer',
  addressLines: ['Uhlandstraße 9'],
  postalCode: '10623',
  city: 'Berlin',
  country: 'DE',
  email: 'jonas@example.org',
  language: 'en',
  timeZone: 'Europe/Berlin',
  currency: 'EUR',
  paymentMethod: 'card',
  stripeCustomerId: 'cus_jonas',
  stripePaymentMethodId: 'pm_card_visa',
  billingMode: 'ad_hoc',
};
