// Ad hoc drivers pay by card at the charger: a hold (manual-capture PaymentIntent) before charging,
// settled with the rated amount after the session. See holdSettlementPlan.ts for the overage policy.
import type Stripe from 'stripe';
import { planHoldSettlement, shortfallAfterRefusedIncrement } from './holdSettlementPlan';
import { subKey } from './idempotencyKey';
import { paymentIntentCall } from './paymentIntentCall';
import { snapshotOf, type PaymentIntentSnapshot } from './paymentIntentSnapshot';
import { callStripe, checkedInput, type PaymentFailure, type PaymentResult } from './paymentResult';
import { chargeSavedMethod } from './savedMethodCharge';

export interface HoldRequest {
  amountMinor: number;
  /** ISO 4217 code, uppercase. */
  currency: string;
  /** chargeledger's reference for the driver or session, stored in the PaymentIntent's metadata. */
  customerRef: string;
  /** A confirmed payment method id from the payment page or terminal (pm_..., pm_card_visa in tests). */
  paymentMethod: string;
  idempotencyKey: string;
  metadata?: Record<string, string>;
  /**
   * A Stripe customer (cus_...) to save the card to for off-session use, so a cost above the hold can
   * be charged afterwards. Only with the driver's consent.
   */
  stripeCustomerId?: string;
}

/**
 * Creates and confirms a manual-capture PaymentIntent. State `authorized` means the hold is in place
 * (amountCapturableMinor); `action_required` means the driver must authenticate first (clientSecret).
 * A declined card is a final `card_declined` failure.
 */
export async function placeHold(
  stripe: Stripe,
  hold: HoldRequest,
): Promise<PaymentResult<PaymentIntentSnapshot>> {
  return paymentIntentCall(hold.amountMinor, hold.currency, (money) =>
    stripe.paymentIntents.create(
      {
        ...money,
        capture_method: 'manual',
        confirm: true,
        payment_method: hold.paymentMethod,
        // The payment method is given; nothing may redirect a driver who is standing at the charger.
        automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
        payment_method_options: { card: { request_incremental_authorization: 'if_available' } },
        ...(hold.stripeCustomerId
          ? { customer: hold.stripeCustomerId, setup_future_usage: 'off_session' }
          : {}),
        metadata: { ...hold.metadata, customer_ref: hold.customerRef },
      },
      { idempotencyKey: hold.idempotencyKey },
    ),
  );
}

export interface ReleaseRequest {
  paymentIntentId: string;
  idempotencyKey: string;
}

/** Cancels the hold (the session cost nothing, or never started): the driver's bank frees the amount. */
export async function releaseHold(
  stripe: Stripe,
  release: ReleaseRequest,
): Promise<PaymentResult<PaymentIntentSnapshot>> {
  return callStripe(async () =>
    snapshotOf(
      await stripe.paymentIntents.cancel(
        release.paymentIntentId,
        { cancellation_reason: 'abandoned' },
        { idempotencyKey: release.idempotencyKey },
      ),
    ),
  );
}

export interface CaptureRequest {
  paymentIntentId: string;
  /** ISO 4217 code of the hold. */
  currency: string;
  /** What placeHold authorized (its amountCapturableMinor), as the workflow recorded it. */
  heldMinor: number;
  /** The rated session total: the amount to collect. */
  amountMinor: number;
  /** One key for the whole settlement; each Stripe call gets a fixed sub-key of it. */
  idempotencyKey: string;
  /** The card saved at hold time (stripeCustomerId given to placeHold), to charge a shortfall to. */
  savedMethod?: { customerId: string; paymentMethodId: string; invoiceNumber: string };
}

export interface HoldSettlement {
  /** The captured (or, for a zero amount, cancelled) hold as Stripe reports it. */
  hold: PaymentIntentSnapshot;
  /** Minor units the capture asked for (0 when released). */
  capturedMinor: number;
  /** Whether Stripe raised the authorization to the full amount. */
  incremented: boolean;
  /** Final refusals met on the way: the increment, and the shortfall charge. */
  refusals: PaymentFailure[];
  /** The amount above the hold charged as its own off-session PaymentIntent. */
  shortfallCharge: PaymentIntentSnapshot | undefined;
  /** What is still to be collected another way (invoice by bank transfer or dunning); 0 when none. */
  outstandingMinor: number;
}

/**
 * Collects the rated amount from the hold: releases it for 0, captures up to the hold, and above it
 * increments the authorization or falls back to capture-plus-shortfall (holdSettlementPlan.ts).
 * Every Stripe call carries a sub-key of `idempotencyKey`, so a retried settlement repeats nothing.
 */
export async function captureHold(
  stripe: Stripe,
  request: CaptureRequest,
): Promise<PaymentResult<HoldSettlement>> {
  const plan = checkedInput(() => planHoldSettlement(request.heldMinor, request.amountMinor));
  if (!plan.ok) return plan;
  const step = plan.value;
  const settled = { incremented: false, refusals: [], shortfallCharge: undefined, outstandingMinor: 0 };

  if (step.kind === 'release') {
    const released = await release(stripe, request);
    return released.ok
      ? { ok: true, value: { ...settled, hold: released.value, capturedMinor: 0 } }
      : released;
  }

  if (step.kind === 'capture') {
    const captured = await onHold(stripe, request, step.amountMinor, 'capture');
    return captured.ok
      ? { ok: true, value: { ...settled, hold: captured.value, capturedMinor: step.amountMinor } }
      : captured;
  }

  const increment = await onHold(stripe, request, step.amountMinor, 'increment');
  if (increment.ok) {
    const captured = await onHold(stripe, request, step.amountMinor, 'capture');
    return captured.ok
      ? {
          ok: true,
          value: { ...settled, incremented: true, hold: captured.value, capturedMinor: step.amountMinor },
        }
      : captured;
  }
  if (increment.failure.retryable) return increment;
  return captureWithShortfall(stripe, request, increment.failure);
}

async function captureWithShortfall(
  stripe: Stripe,
  request: CaptureRequest,
  incrementRefusal: PaymentFailure,
): Promise<PaymentResult<HoldSettlement>> {
  const { captureMinor, shortfallMinor } = shortfallAfterRefusedIncrement(
    request.heldMinor,
    request.amountMinor,
  );
  const captured =
    captureMinor > 0
      ? await onHold(stripe, request, captureMinor, 'capture')
      : await release(stripe, request);
  if (!captured.ok) return captured;
  const settlement: HoldSettlement = {
    hold: captured.value,
    capturedMinor: captureMinor,
    incremented: false,
    refusals: [incrementRefusal],
    shortfallCharge: undefined,
    outstandingMinor: shortfallMinor,
  };
  if (!request.savedMethod) return { ok: true, value: settlement };

  const charged = await chargeSavedMethod(stripe, {
    customerId: request.savedMethod.customerId,
    paymentMethodId: request.savedMethod.paymentMethodId,
    amountMinor: shortfallMinor,
    currency: request.currency,
    idempotencyKey: subKey(request.idempotencyKey, 'shortfall'),
    invoiceNumber: request.savedMethod.invoiceNumber,
    metadata: { hold_payment_intent: request.paymentIntentId },
  });
  // A retryable failure retries the whole settlement (every earlier step replays by its key); a final
  // one leaves the shortfall outstanding rather than losing the capture that already happened.
  if (!charged.ok) {
    if (charged.failure.retryable) return charged;
    return { ok: true, value: { ...settlement, refusals: [incrementRefusal, charged.failure] } };
  }
  const paid = charged.value.state === 'paid' || charged.value.state === 'processing';
  return {
    ok: true,
    value: { ...settlement, shortfallCharge: charged.value, outstandingMinor: paid ? 0 : shortfallMinor },
  };
}

/** Capture or increment on the hold, each under its own fixed sub-key of the settlement's key. */
function onHold(
  stripe: Stripe,
  request: CaptureRequest,
  amountMinor: number,
  step: 'capture' | 'increment',
): Promise<PaymentResult<PaymentIntentSnapshot>> {
  return paymentIntentCall(amountMinor, request.currency, ({ amount }) => {
    const options = { idempotencyKey: subKey(request.idempotencyKey, step) };
    return step === 'capture'
      ? stripe.paymentIntents.capture(request.paymentIntentId, { amount_to_capture: amount }, options)
      : stripe.paymentIntents.incrementAuthorization(request.paymentIntentId, { amount }, options);
  });
}

function release(stripe: Stripe, request: CaptureRequest): Promise<PaymentResult<PaymentIntentSnapshot>> {
  return releaseHold(stripe, {
    paymentIntentId: request.paymentIntentId,
    idempotencyKey: subKey(request.idempotencyKey, 'release'),
  });
}
