// Stripe webhook events as the invoice side needs them. Pure: the caller persists the update, keyed by
// eventId, so a redelivered event changes nothing twice.
import type Stripe from 'stripe';
import { snapshotOf, type PaymentIntentSnapshot } from './paymentIntentSnapshot';
import { fromStripeAmount, fromStripeCurrency } from './stripeAmount';

interface EventFacts {
  /** Stripe's event id (evt_...): the idempotency key for applying the update. */
  eventId: string;
  /** When Stripe created the event, ISO 8601 UTC. */
  occurredAt: string;
}

export type PaymentUpdate = EventFacts &
  (
    | { kind: 'payment_succeeded'; payment: PaymentIntentSnapshot }
    | {
        kind: 'payment_failed';
        payment: PaymentIntentSnapshot;
        stripeCode: string | undefined;
        declineCode: string | undefined;
        message: string | undefined;
      }
    | { kind: 'payment_canceled'; payment: PaymentIntentSnapshot; cancellationReason: string | undefined }
    | {
        kind: 'charge_refunded';
        chargeId: string;
        paymentIntentId: string | undefined;
        currency: string;
        /** Everything refunded on this charge so far (Stripe reports the running total). */
        amountRefundedMinor: number;
        fullyRefunded: boolean;
      }
    /** An event type chargeledger does not act on; acknowledge it and move on. */
    | { kind: 'ignored'; stripeType: string }
  );

export function paymentUpdateOf(event: Stripe.Event): PaymentUpdate {
  const facts: EventFacts = { eventId: event.id, occurredAt: new Date(event.created * 1000).toISOString() };
  switch (event.type) {
    case 'payment_intent.succeeded':
      return { ...facts, kind: 'payment_succeeded', payment: snapshotOf(event.data.object) };
    case 'payment_intent.payment_failed': {
      const error = event.data.object.last_payment_error;
      return {
        ...facts,
        kind: 'payment_failed',
        payment: snapshotOf(event.data.object),
        stripeCode: error?.code ?? undefined,
        declineCode: error?.decline_code ?? undefined,
        message: error?.message ?? undefined,
      };
    }
    case 'payment_intent.canceled':
      return {
        ...facts,
        kind: 'payment_canceled',
        payment: snapshotOf(event.data.object),
        cancellationReason: event.data.object.cancellation_reason ?? undefined,
      };
    case 'charge.refunded': {
      const charge = event.data.object;
      const currency = fromStripeCurrency(charge.currency);
      const paymentIntent = charge.payment_intent;
      return {
        ...facts,
        kind: 'charge_refunded',
        chargeId: charge.id,
        paymentIntentId: typeof paymentIntent === 'string' ? paymentIntent : paymentIntent?.id,
        currency,
        amountRefundedMinor: fromStripeAmount(charge.amount_refunded, currency),
        fullyRefunded: charge.refunded,
      };
    }
    default:
      return { ...facts, kind: 'ignored', stripeType: event.type };
  }
}
