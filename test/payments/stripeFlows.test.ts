// The payment flows against a real stripe-mock. stripe-mock validates every request against Stripe's
// OpenAPI spec and reflects request fields into its fixture answers, but it is stateless: statuses are
// fixtures, objects are not remembered, idempotency keys are echoed but never replayed. So these tests
// prove that each call is one Stripe accepts, with the amounts and keys we mean; the decisions taken on
// Stripe's statuses are covered by holdSettlementPlan.test.ts and paymentResult.test.ts.
import { captureHold, placeHold, releaseHold, type HoldRequest } from '../../src/payments/adHocHold';
import { idempotencyKeyFor, subKey } from '../../src/payments/idempotencyKey';
import type { PaymentResult } from '../../src/payments/paymentResult';
import { refund } from '../../src/payments/refund';
import { chargeSavedMethod } from '../../src/payments/savedMethodCharge';
import { createStripeClient } from '../../src/payments/stripeClient';
import { useStripeMock } from './stripeEndpoint';

const mock = useStripeMock();
const HELD = 5000;

function valueOf<T>(result: PaymentResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${JSON.stringify(result.failure)}`);
  return result.value;
}

function holdRequest(workflowId: string, amountMinor = HELD, currency = 'EUR'): HoldRequest {
  return {
    amountMinor,
    currency,
    customerRef: 'driver-7',
    paymentMethod: 'pm_card_visa',
    idempotencyKey: idempotencyKeyFor(workflowId, 'hold'),
    metadata: { session_id: workflowId },
  };
}

/** What the server answered a POST with, as recorded from the response. */
const post = (path: string, idempotencyKey: string) => ({
  method: 'POST',
  path,
  status: 200,
  idempotencyKey,
});

/** Places a hold of HELD, forgets its exchange, then settles it with the rated amount. */
async function settle(workflowId: string, amountMinor: number) {
  const hold = valueOf(await placeHold(mock.stripe(), holdRequest(workflowId)));
  mock.exchanges.length = 0;
  const request = {
    paymentIntentId: hold.paymentIntentId,
    currency: 'EUR',
    heldMinor: HELD,
    amountMinor,
    idempotencyKey: idempotencyKeyFor(workflowId, 'settle'),
  };
  const settlement = valueOf(await captureHold(mock.stripe(), request));
  return {
    request,
    settlement,
    path: `/v1/payment_intents/${hold.paymentIntentId}`,
    key: request.idempotencyKey,
  };
}

describe('ad hoc hold', () => {
  it('places a manual-capture hold with the amount, currency and key we give', async () => {
    const request = holdRequest('session-1');
    const hold = valueOf(await placeHold(mock.stripe(), request));
    expect(hold.paymentIntentId).toMatch(/^pi_/);
    expect(hold).toMatchObject({ amountMinor: HELD, currency: 'EUR' });
    expect(mock.exchanges).toEqual([post('/v1/payment_intents', request.idempotencyKey)]);
  });

  it("converts ISO minor units to Stripe's units and back (ISK keeps two decimals at Stripe)", async () => {
    const hold = valueOf(await placeHold(mock.stripe(), holdRequest('session-isk', 1200, 'ISK')));
    expect(hold).toMatchObject({ amountMinor: 1200, currency: 'ISK' });
  });

  it('hold -> capture: captures the rated amount under the capture sub-key', async () => {
    const { settlement, path, key } = await settle('session-2', 3456);
    expect(settlement).toMatchObject({
      capturedMinor: 3456,
      incremented: false,
      outstandingMinor: 0,
      refusals: [],
    });
    expect(mock.exchanges).toEqual([post(`${path}/capture`, subKey(key, 'capture'))]);
  });

  it('hold -> release: a session that cost nothing cancels the hold', async () => {
    const { settlement, path, key, request } = await settle('session-3', 0);
    expect(settlement.capturedMinor).toBe(0);
    expect(settlement.hold.paymentIntentId).toBe(request.paymentIntentId);
    expect(mock.exchanges).toEqual([post(`${path}/cancel`, subKey(key, 'release'))]);
  });

  it('session cost more than the hold: increments the authorization, then captures the full amount', async () => {
    const { settlement, path, key } = await settle('session-5', 7350);
    expect(settlement).toMatchObject({ capturedMinor: 7350, incremented: true, outstandingMinor: 0 });
    expect(mock.exchanges).toEqual([
      post(`${path}/increment_authorization`, subKey(key, 'increment')),
      post(`${path}/capture`, subKey(key, 'capture')),
    ]);
  });

  it('a retried settlement sends exactly the same calls with the same keys', async () => {
    const { request } = await settle('session-6', 7350);
    const first = mock.exchanges.splice(0);
    valueOf(await captureHold(mock.stripe(), request));
    expect(mock.exchanges).toEqual(first);
  });

  it('releaseHold cancels directly with the given key', async () => {
    const key = idempotencyKeyFor('session-4', 'release');
    const released = valueOf(
      await releaseHold(mock.stripe(), { paymentIntentId: 'pi_4', idempotencyKey: key }),
    );
    expect(released.paymentIntentId).toBe('pi_4');
    expect(mock.exchanges).toEqual([post('/v1/payment_intents/pi_4/cancel', key)]);
  });

  it('refuses an amount Stripe cannot charge exactly, before calling Stripe', async () => {
    const result = await placeHold(mock.stripe(), holdRequest('session-7', 1235, 'KWD'));
    expect(result).toMatchObject({ ok: false, failure: { retryable: false, kind: 'invalid_amount' } });
    expect(mock.exchanges).toEqual([]);
  });
});

describe('contract customer', () => {
  it('charges the saved payment method off-session for an invoice', async () => {
    const key = idempotencyKeyFor('invoice-run-2026-11', 'charge/INV-2026-000123');
    const charge = valueOf(
      await chargeSavedMethod(mock.stripe(), {
        customerId: 'cus_123',
        paymentMethodId: 'pm_card_visa',
        amountMinor: 4280,
        currency: 'JPY',
        idempotencyKey: key,
        invoiceNumber: 'INV-2026-000123',
      }),
    );
    expect(charge).toMatchObject({ amountMinor: 4280, currency: 'JPY' });
    expect(charge.paymentIntentId).toMatch(/^pi_/);
    expect(mock.exchanges).toEqual([post('/v1/payment_intents', key)]);
  });
});

describe('refund', () => {
  it('refunds part of a payment for a credit note', async () => {
    const key = idempotencyKeyFor('credit-note/CN-2026-000004', 'refund');
    const refunded = valueOf(
      await refund(mock.stripe(), {
        paymentIntentId: 'pi_123',
        amountMinor: 1000,
        currency: 'EUR',
        idempotencyKey: key,
        reason: 'requested_by_customer',
        creditNoteNumber: 'CN-2026-000004',
      }),
    );
    expect(refunded.refundId).toMatch(/^re_/);
    // A refund request names no currency, so stripe-mock answers with its fixture's (usd).
    expect(refunded).toMatchObject({ amountMinor: 1000, paymentIntentId: 'pi_123' });
    expect(mock.exchanges).toEqual([post('/v1/refunds', key)]);
  });
});

describe('idempotency', () => {
  it('stripe-mock does not replay a key: the same key twice gives two PaymentIntents (real Stripe gives one)', async () => {
    // Checked, not assumed: if stripe-mock ever replays keys this test fails and the flow tests above
    // can assert replay directly.
    const request = holdRequest('session-8');
    const first = valueOf(await placeHold(mock.stripe(), request));
    const second = valueOf(await placeHold(mock.stripe(), request));
    expect(second.paymentIntentId).not.toBe(first.paymentIntentId);
    // What we can verify: the server received the identical key both times.
    expect(mock.exchanges.map((e) => e.idempotencyKey)).toEqual([
      request.idempotencyKey,
      request.idempotencyKey,
    ]);
  });
});

describe('failures from the server', () => {
  it('a key Stripe refuses is a final authentication failure', async () => {
    const wrongKey = createStripeClient({ secretKey: 'not_a_key', apiBase: mock.apiBase() });
    const result = await placeHold(wrongKey, holdRequest('session-9'));
    expect(result).toMatchObject({
      ok: false,
      failure: { retryable: false, kind: 'authentication', statusCode: 401 },
    });
  });
});
