// Refunds back a credit note: money goes back to the payment method of the original PaymentIntent.
import type Stripe from 'stripe';
import { callStripe, checkedInput, type PaymentResult } from './paymentResult';
import { fromStripeAmount, fromStripeCurrency, toStripeMoney } from './stripeAmount';

export type RefundReason = 'duplicate' | 'fraudulent' | 'requested_by_customer';

export interface RefundRequest {
  paymentIntentId: string;
  amountMinor: number;
  /** ISO 4217 code of the original payment. */
  currency: string;
  idempotencyKey: string;
  reason: RefundReason;
  /** The credit note this refund pays out, stored in the refund's metadata. */
  creditNoteNumber?: string;
  metadata?: Record<string, string>;
}

export interface RefundSnapshot {
  refundId: string;
  paymentIntentId: string | undefined;
  /** Stripe's status: pending, requires_action, succeeded, failed or canceled. */
  stripeStatus: string;
  amountMinor: number;
  currency: string;
  metadata: Record<string, string>;
}

export async function refund(stripe: Stripe, request: RefundRequest): Promise<PaymentResult<RefundSnapshot>> {
  const money = checkedInput(() => toStripeMoney(request.amountMinor, request.currency));
  if (!money.ok) return money;
  return callStripe(async () => {
    const created = await stripe.refunds.create(
      {
        payment_intent: request.paymentIntentId,
        amount: money.value.amount,
        reason: request.reason,
        metadata: {
          ...request.metadata,
          ...(request.creditNoteNumber ? { credit_note_number: request.creditNoteNumber } : {}),
        },
      },
      { idempotencyKey: request.idempotencyKey },
    );
    const currency = fromStripeCurrency(created.currency);
    const paymentIntent = created.payment_intent;
    return {
      refundId: created.id,
      paymentIntentId: typeof paymentIntent === 'string' ? paymentIntent : paymentIntent?.id,
      stripeStatus: created.status ?? 'pending',
      amountMinor: fromStripeAmount(created.amount, currency),
      currency,
      metadata: { ...created.metadata },
    };
  });
}
