import Stripe from 'stripe';
import { paymentUpdateOf } from '../../src/payments/paymentUpdate';
import { verifyStripeWebhook } from '../../src/payments/webhookSignature';
import { useStripeMock } from './stripeEndpoint';

const SECRET = 'whsec_test_chargeledger';
const mock = useStripeMock();

/** An event around an object stripe-mock served, so the payload has Stripe's real shape. */
function eventOf(type: string, object: object, created = 1_790_000_000): Stripe.Event {
  return {
    id: `evt_${type.replace(/\W/g, '_')}`,
    object: 'event',
    api_version: '2026-10-28.endive',
    created,
    livemode: false,
    pending_webhooks: 1,
    request: { id: null, idempotency_key: null },
    type,
    data: { object },
  } as unknown as Stripe.Event;
}

function signed(payload: string, secret = SECRET, timestamp = Math.floor(Date.now() / 1000)): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp });
}

describe('verifyStripeWebhook', () => {
  const payload = JSON.stringify(
    eventOf('payment_intent.succeeded', { id: 'pi_1', object: 'payment_intent' }),
  );

  it('accepts a correctly signed, fresh delivery and returns the event', () => {
    const result = verifyStripeWebhook(Buffer.from(payload), signed(payload), SECRET, 300);
    expect(result).toMatchObject({ ok: true, event: { id: 'evt_payment_intent_succeeded' } });
  });

  it('rejects a tampered body', () => {
    const tampered = payload.replace('pi_1', 'pi_2');
    const result = verifyStripeWebhook(tampered, signed(payload), SECRET, 300);
    expect(result).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/No signatures found matching/),
    });
  });

  it('rejects a delivery signed with another secret', () => {
    const result = verifyStripeWebhook(payload, signed(payload, 'whsec_someone_else'), SECRET, 300);
    expect(result.ok).toBe(false);
  });

  it('rejects a delivery older than the tolerance (replay)', () => {
    const tenMinutesAgo = Math.floor(Date.now() / 1000) - 600;
    const result = verifyStripeWebhook(payload, signed(payload, SECRET, tenMinutesAgo), SECRET, 300);
    expect(result).toMatchObject({ ok: false, reason: expect.stringMatching(/tolerance/) });
    // The same delivery is fine under a longer tolerance: only its age was wrong.
    expect(verifyStripeWebhook(payload, signed(payload, SECRET, tenMinutesAgo), SECRET, 900).ok).toBe(true);
  });

  it('rejects a missing signature header, and refuses to run without a secret', () => {
    expect(verifyStripeWebhook(payload, undefined, SECRET)).toEqual({
      ok: false,
      reason: 'missing Stripe-Signature header',
    });
    expect(() => verifyStripeWebhook(payload, signed(payload), '')).toThrow(/STRIPE_WEBHOOK_SECRET/);
  });
});

describe('paymentUpdateOf', () => {
  it('maps payment_intent.succeeded, with amounts in ISO minor units', async () => {
    const intent = await mock.stripe().paymentIntents.create({ amount: 4280, currency: 'eur' });
    const update = paymentUpdateOf(eventOf('payment_intent.succeeded', intent));
    expect(update).toMatchObject({
      kind: 'payment_succeeded',
      eventId: 'evt_payment_intent_succeeded',
      occurredAt: '2026-09-21T14:13:20.000Z',
      payment: { paymentIntentId: intent.id, amountMinor: 4280, currency: 'EUR' },
    });
  });

  it('maps payment_intent.payment_failed with the decline details', async () => {
    const intent = await mock.stripe().paymentIntents.create({ amount: 1000, currency: 'eur' });
    const failed = {
      ...intent,
      status: 'requires_payment_method',
      last_payment_error: {
        type: 'card_error',
        code: 'card_declined',
        decline_code: 'insufficient_funds',
        message: 'Your card has insufficient funds.',
      },
    };
    expect(paymentUpdateOf(eventOf('payment_intent.payment_failed', failed))).toMatchObject({
      kind: 'payment_failed',
      payment: { paymentIntentId: intent.id, state: 'unpaid' },
      stripeCode: 'card_declined',
      declineCode: 'insufficient_funds',
      message: 'Your card has insufficient funds.',
    });
  });

  it('maps payment_intent.canceled with its reason', async () => {
    const intent = await mock.stripe().paymentIntents.cancel('pi_1', { cancellation_reason: 'abandoned' });
    expect(paymentUpdateOf(eventOf('payment_intent.canceled', intent))).toMatchObject({
      kind: 'payment_canceled',
      payment: { paymentIntentId: 'pi_1' },
      cancellationReason: 'abandoned',
    });
  });

  it('maps charge.refunded to the running refunded total', async () => {
    const charge = await mock.stripe().charges.retrieve('ch_1');
    const refunded = {
      ...charge,
      currency: 'eur',
      amount: 5000,
      amount_refunded: 1500,
      refunded: false,
      payment_intent: 'pi_9',
    };
    expect(paymentUpdateOf(eventOf('charge.refunded', refunded))).toMatchObject({
      kind: 'charge_refunded',
      chargeId: 'ch_1',
      paymentIntentId: 'pi_9',
      currency: 'EUR',
      amountRefundedMinor: 1500,
      fullyRefunded: false,
    });
  });

  it('acknowledges other event types without acting on them', () => {
    expect(paymentUpdateOf(eventOf('customer.created', { id: 'cus_1', object: 'customer' }))).toMatchObject({
      kind: 'ignored',
      stripeType: 'customer.created',
    });
  });
});
