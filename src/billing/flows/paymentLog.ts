// The payments log as the billing flows use it: a Stripe call's answer recorded once per idempotency
// key, so a retried activity finds what the first attempt did instead of asking Stripe again (stripe-mock
// does not replay keys, and even real Stripe forgets them after 24 hours).
import type { Knex } from 'knex';
import {
  applyPaymentEvent,
  getPaymentByIntent,
  recordPayment,
  type PaymentRecord,
  type PaymentRecordState,
} from '../../db/repos/payments';
import type { PaymentIntentSnapshot } from '../../payments/paymentIntentSnapshot';

/** The payment a Stripe call with this idempotency key created, if it was recorded. */
export async function paymentByKey(db: Knex, idempotencyKey: string): Promise<PaymentRecord | undefined> {
  const row = await db('payments').where({ idempotency_key: idempotencyKey }).first('payment_intent_id');
  return row ? getPaymentByIntent(db, row.payment_intent_id as string) : undefined;
}

/** Records a PaymentIntent Stripe created, in the state Stripe reported (never one we assume). */
export async function recordIntent(
  db: Knex,
  snapshot: PaymentIntentSnapshot,
  idempotencyKey: string,
  invoiceId?: string,
): Promise<PaymentRecord> {
  const { record } = await recordPayment(db, {
    paymentIntentId: snapshot.paymentIntentId,
    invoiceId: invoiceId ?? null,
    amountMinor: snapshot.amountMinor,
    currency: snapshot.currency,
    state: snapshot.state,
    idempotencyKey,
  });
  return record;
}

/** One step taken on a payment (capture, release, refund), logged under the key of its Stripe call. */
export interface PaymentStep {
  /** The Stripe idempotency key of the step: the event id, so a step is logged once. */
  key: string;
  kind: string;
  state: PaymentRecordState;
  data: Record<string, unknown>;
}

export async function logPaymentStep(
  db: Knex,
  paymentIntentId: string,
  step: PaymentStep,
  at: Date,
): Promise<PaymentRecord> {
  const { record } = await applyPaymentEvent(db, paymentIntentId, {
    eventId: step.key,
    kind: step.kind,
    state: step.state,
    occurredAt: at.toISOString(),
    data: step.data,
  });
  return record;
}

/** The step logged under `key`, if any (what an earlier attempt of the same activity did). */
export function loggedStep(payment: PaymentRecord, key: string): Record<string, unknown> | undefined {
  return payment.events.find((event) => event.eventId === key)?.data;
}
