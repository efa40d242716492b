// What a settled card payment means for the invoice that follows it. Pure.
//
// Only Stripe's own report of a collected payment (status succeeded) makes an invoice `paid`. A call
// Stripe accepted without reporting the money collected (processing, or stripe-mock's fixture status)
// leaves the invoice `open` by card: a payment_intent.succeeded webhook settles it later. A final
// refusal is `failed` (printed: the card payment did not go through, please transfer).
import type { PaymentInfo } from '../../invoice/types';
import type { PaymentState } from '../../payments/paymentIntentSnapshot';
import type { PaymentFailure } from '../../payments/paymentResult';

export interface CardOutcome {
  /** Stripe's reported state after the last step, or `failed` when it refused. */
  state: PaymentState | 'failed';
  /** Minor units asked for on the hold (0 when released) and charged apart (a shortfall). */
  capturedMinor: number;
  /** What Stripe did not take and is left to collect another way. */
  outstandingMinor: number;
  refusals: PaymentFailure[];
}

export function paymentInfoOf(outcome: CardOutcome): PaymentInfo {
  if (outcome.state === 'failed') return { status: 'failed', method: 'card' };
  if (outcome.state === 'paid' && outcome.outstandingMinor === 0) return { status: 'paid', method: 'card' };
  return { status: 'open', method: 'card' };
}
