// A PaymentIntent as chargeledger records it: ISO currency, ISO minor units, and what its Stripe status
// means for an invoice. Everything here is read from Stripe's answer, never assumed from the request.
import type Stripe from 'stripe';
import { fromStripeAmount, fromStripeCurrency } from './stripeAmount';

export type PaymentState =
  /** The card is authorized for amountCapturableMinor; capture or release it. */
  | 'authorized'
  /** The money is collected (amountReceivedMinor). */
  | 'paid'
  /** Stripe is still working on it (e.g. SEPA debit); a webhook will tell. */
  | 'processing'
  /** The customer must authenticate (3-D Secure) with clientSecret in the app. */
  | 'action_required'
  | 'canceled'
  /** Not authorized nor paid: no usable payment method was confirmed. */
  | 'unpaid';

export interface PaymentIntentSnapshot {
  paymentIntentId: string;
  /** Stripe's status, verbatim. */
  stripeStatus: Stripe.PaymentIntent.Status;
  state: PaymentState;
  /** ISO 4217, uppercase. */
  currency: string;
  amountMinor: number;
  amountCapturableMinor: number;
  amountReceivedMinor: number;
  latestChargeId: string | undefined;
  /** Only when state is action_required: what the app needs to let the customer authenticate. */
  clientSecret: string | undefined;
  metadata: Record<string, string>;
}

const STATE_BY_STATUS: Readonly<Record<Stripe.PaymentIntent.Status, PaymentState>> = {
  requires_capture: 'authorized',
  succeeded: 'paid',
  processing: 'processing',
  requires_action: 'action_required',
  canceled: 'canceled',
  requires_payment_method: 'unpaid',
  requires_confirmation: 'unpaid',
};

export function paymentStateOf(status: Stripe.PaymentIntent.Status): PaymentState {
  return STATE_BY_STATUS[status] ?? 'unpaid';
}

export function snapshotOf(intent: Stripe.PaymentIntent): PaymentIntentSnapshot {
  const currency = fromStripeCurrency(intent.currency);
  const state = paymentStateOf(intent.status);
  const latestCharge = intent.latest_charge;
  return {
    paymentIntentId: intent.id,
    stripeStatus: intent.status,
    state,
    currency,
    amountMinor: fromStripeAmount(intent.amount, currency),
    amountCapturableMinor: fromStripeAmount(intent.amount_capturable, currency),
    amountReceivedMinor: fromStripeAmount(intent.amount_received, currency),
    latestChargeId: typeof latestCharge === 'string' ? latestCharge : latestCharge?.id,
    clientSecret: state === 'action_required' ? (intent.client_secret ?? undefined) : undefined,
    metadata: { ...intent.metadata },
  };
}
