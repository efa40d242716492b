// A real stripe-mock for the test file: the one globalSetup exported as STRIPE_API_BASE, or one
// started here. Response events record what the server received (stripe-mock echoes Idempotency-Key).
import type Stripe from 'stripe';
import { startStripeMock, type StripeMock } from '../../src/dev/stripeMock';
import { createStripeClient } from '../../src/payments/stripeClient';

export interface Exchange {
  method: string;
  path: string;
  status: number;
  /** The Idempotency-Key header as the server echoed it back. */
  idempotencyKey: string | undefined;
}

export function useStripeMock(): { stripe(): Stripe; apiBase(): string; exchanges: Exchange[] } {
  let mock: StripeMock | undefined;
  let client: Stripe | undefined;
  let apiBase: string | undefined;
  const exchanges: Exchange[] = [];

  beforeAll(async () => {
    apiBase = process.env.STRIPE_API_BASE;
    if (!apiBase) {
      mock = await startStripeMock();
      apiBase = mock.url;
    }
    client = createStripeClient({ secretKey: 'sk_test_123', apiBase });
    client.on('response', (event: Stripe.ResponseEvent) => {
      exchanges.push({
        method: event.method,
        path: event.path,
        status: event.status,
        idempotencyKey: event.idempotency_key,
      });
    });
  });
  beforeEach(() => {
    exchanges.length = 0;
  });
  afterAll(async () => {
    await mock?.stop();
  });

  const started = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('stripe-mock is not started yet (use it inside a test)');
    return value;
  };
  return {
    stripe: () => started(client),
    apiBase: () => started(apiBase),
    exchanges,
  };
}
