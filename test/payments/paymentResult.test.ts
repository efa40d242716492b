import net from 'node:net';
import Stripe from 'stripe';
import { callStripe, classifyStripeError } from '../../src/payments/paymentResult';
import { createStripeClient } from '../../src/payments/stripeClient';

// Errors built by stripe-node's own factory from the raw fields of an API error response, the way the
// library builds them when Stripe answers.
const stripeError = (raw: Record<string, unknown>) =>
  Stripe.errors.generateV1Error(raw as unknown as Parameters<typeof Stripe.errors.generateV1Error>[0]);

describe('classifyStripeError', () => {
  it.each([
    [{ type: 'api_error', statusCode: 500 }, true, 'stripe_unavailable'],
    [{ type: 'api_error', statusCode: 503 }, true, 'stripe_unavailable'],
    [{ type: 'invalid_request_error', code: 'rate_limit', statusCode: 429 }, true, 'rate_limited'],
    [{ type: 'invalid_request_error', code: 'lock_timeout', statusCode: 429 }, true, 'lock_timeout'],
    [{ type: 'invalid_request_error', code: 'idempotency_key_in_use', statusCode: 409 }, true, 'conflict'],
    [
      { type: 'card_error', code: 'card_declined', decline_code: 'insufficient_funds', statusCode: 402 },
      false,
      'card_declined',
    ],
    [{ type: 'invalid_request_error', code: 'amount_too_small', statusCode: 400 }, false, 'invalid_request'],
    [{ type: 'invalid_request_error', code: 'resource_missing', statusCode: 404 }, false, 'invalid_request'],
    [{ type: 'authentication_error', statusCode: 401 }, false, 'authentication'],
    [{ type: 'idempotency_error', statusCode: 400 }, false, 'idempotency_conflict'],
  ])('%j -> retryable %s, %s', (raw, retryable, kind) => {
    const failure = classifyStripeError(stripeError({ message: 'm', ...raw }));
    expect(failure).toMatchObject({ retryable, kind });
  });

  it('keeps the decline details and the request id', () => {
    const failure = classifyStripeError(
      stripeError({
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'insufficient_funds',
        message: 'Your card has insufficient funds.',
        statusCode: 402,
        requestId: 'req_123',
      }),
    );
    expect(failure).toEqual({
      retryable: false,
      kind: 'card_declined',
      message: 'Your card has insufficient funds.',
      stripeCode: 'card_declined',
      declineCode: 'insufficient_funds',
      statusCode: 402,
      requestId: 'req_123',
    });
  });

  it('follows Stripe-Should-Retry when Stripe sends it', () => {
    const saved500 = stripeError({
      type: 'api_error',
      statusCode: 500,
      headers: { 'stripe-should-retry': 'false' },
    });
    expect(classifyStripeError(saved500)).toMatchObject({ retryable: false, kind: 'stripe_error' });
    const retry400 = stripeError({
      type: 'invalid_request_error',
      statusCode: 400,
      headers: { 'stripe-should-retry': 'true' },
    });
    expect(classifyStripeError(retry400)).toMatchObject({ retryable: true });
  });
});

describe('callStripe', () => {
  it('reports a refused connection as a retryable network failure', async () => {
    // A port that was just free: nothing listens there.
    const port = await new Promise<number>((resolve) => {
      const server = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = server.address() as net.AddressInfo;
        server.close(() => resolve(port));
      });
    });
    const stripe = createStripeClient({ secretKey: 'sk_test_123', apiBase: `http://127.0.0.1:${port}` });
    const result = await callStripe(() =>
      stripe.paymentIntents.retrieve('pi_123', {}, { maxNetworkRetries: 0 }),
    );
    expect(result).toMatchObject({ ok: false, failure: { retryable: true, kind: 'network' } });
  });

  it('rethrows what is not a Stripe error (a bug must not look like a payment failure)', async () => {
    await expect(
      callStripe(async () => {
        throw new TypeError('boom');
      }),
    ).rejects.toThrow(TypeError);
  });
});
