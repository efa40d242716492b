// Payments log: one row per Stripe PaymentIntent (a hold, a capture, a saved-method charge), its
// invoice once there is one, and every provider event applied to it, once per event id.
import type { Knex } from 'knex';
import { PAYMENT_PROVIDERS, PAYMENT_STATES } from '../migrations/002_invoicing';
import { InvalidRecordError, instant, iso, oneOf, requiredText } from '../values';

export type PaymentProvider = (typeof PAYMENT_PROVIDERS)[number];
export type PaymentRecordState = (typeof PAYMENT_STATES)[number];

export interface PaymentInput {
  paymentIntentId: string;
  invoiceId?: string | null;
  provider?: PaymentProvider;
  /** ISO 4217 minor units (src/payments toMinorUnits). */
  amountMinor: number;
  currency: string;
  state: PaymentRecordState;
  /** The key the Stripe call used: recording the same call twice is one row. */
  idempotencyKey: string;
}

export interface PaymentEvent {
  /** Provider event id (Stripe evt_…): applied at most once. */
  eventId: string;
  /** e.g. payment_succeeded, payment_failed, charge_refunded (src/payments PaymentUpdate kind). */
  kind: string;
  state: PaymentRecordState;
  occurredAt: string;
  data?: Record<string, unknown>;
}

export interface PaymentRecord {
  id: string;
  invoiceId: string | null;
  provider: PaymentProvider;
  paymentIntentId: string;
  amountMinor: number;
  currency: string;
  state: PaymentRecordState;
  idempotencyKey: string;
  events: PaymentEvent[];
  createdAt: string;
  updatedAt: string;
}

type Row = Record<string, unknown>;

// Events can arrive out of order; a payment never moves back to an earlier stage (a late
// "processing" after "paid" is logged but does not change the state).
const STAGE: Record<PaymentRecordState, number> = {
  unpaid: 0,
  action_required: 1,
  processing: 1,
  authorized: 2,
  failed: 3,
  canceled: 3,
  paid: 4,
  partially_refunded: 5,
  refunded: 6,
};

function toRecord(row: Row): PaymentRecord {
  return {
    id: String(row.id),
    invoiceId: row.invoice_id === null ? null : String(row.invoice_id),
    provider: row.provider as PaymentProvider,
    paymentIntentId: row.payment_intent_id as string,
    amountMinor: Number(row.amount_minor),
    currency: row.currency as string,
    state: row.state as PaymentRecordState,
    idempotencyKey: row.idempotency_key as string,
    events: row.events as PaymentEvent[],
    createdAt: iso(row.created_at as Date),
    updatedAt: iso(row.updated_at as Date),
  };
}

function columnsOf(input: PaymentInput): Row {
  if (!Number.isSafeInteger(input.amountMinor) || input.amountMinor < 0) {
    throw new InvalidRecordError(
      'payment.amountMinor',
      `expected whole minor units ≥ 0, got ${input.amountMinor}`,
    );
  }
  if (!/^[A-Z]{3}$/.test(input.currency)) {
    throw new InvalidRecordError(
      'payment.currency',
      `expected an ISO 4217 code, got ${JSON.stringify(input.currency)}`,
    );
  }
  return {
    payment_intent_id: requiredText('payment.paymentIntentId', input.paymentIntentId),
    invoice_id: input.invoiceId ?? null,
    provider: oneOf('payment.provider', input.provider ?? 'stripe', PAYMENT_PROVIDERS),
    amount_minor: input.amountMinor,
    currency: input.currency,
    state: oneOf('payment.state', input.state, PAYMENT_STATES),
    idempotency_key: requiredText('payment.idempotencyKey', input.idempotencyKey),
  };
}

export async function getPaymentByIntent(
  db: Knex,
  paymentIntentId: string,
): Promise<PaymentRecord | undefined> {
  const row = await db('payments').where({ payment_intent_id: paymentIntentId }).first();
  return row ? toRecord(row) : undefined;
}

/**
 * Records a payment once: a repeat with the same idempotency key (or PaymentIntent) returns the stored
 * row with `inserted: false`. A PaymentIntent recorded under another key is refused.
 */
export async function recordPayment(
  db: Knex,
  input: PaymentInput,
): Promise<{ record: PaymentRecord; inserted: boolean }> {
  const columns = columnsOf(input);
  const [row] = await db('payments').insert(columns).onConflict().ignore().returning('*');
  if (row) return { record: toRecord(row), inserted: true };
  const existing = await getPaymentByIntent(db, input.paymentIntentId);
  if (!existing || existing.idempotencyKey !== input.idempotencyKey) {
    throw new InvalidRecordError(
      'payment.idempotencyKey',
      `key ${input.idempotencyKey} was used for another payment than ${input.paymentIntentId}`,
    );
  }
  return { record: existing, inserted: false };
}

/** Ties a payment (e.g. an ad hoc hold) to the invoice it pays. Idempotent. */
export async function attachPaymentToInvoice(
  db: Knex,
  paymentIntentId: string,
  invoiceId: string,
): Promise<PaymentRecord> {
  const [row] = await db('payments')
    .where({ payment_intent_id: paymentIntentId })
    .update({ invoice_id: invoiceId, updated_at: db.fn.now() })
    .returning('*');
  if (!row) throw new InvalidRecordError('paymentIntentId', `no payment ${JSON.stringify(paymentIntentId)}`);
  return toRecord(row);
}

/**
 * Applies a provider event once (by event id): logs it and advances the state unless the payment is
 * already further along. `applied: false` for a redelivered event.
 */
export async function applyPaymentEvent(
  db: Knex,
  paymentIntentId: string,
  event: PaymentEvent,
): Promise<{ record: PaymentRecord; applied: boolean }> {
  const logged: PaymentEvent = {
    eventId: requiredText('event.eventId', event.eventId),
    kind: requiredText('event.kind', event.kind),
    state: oneOf('event.state', event.state, PAYMENT_STATES),
    occurredAt: instant('event.occurredAt', event.occurredAt).toISOString(),
    ...(event.data !== undefined && { data: event.data }),
  };
  return db.transaction(async (trx) => {
    const row = await trx('payments').where({ payment_intent_id: paymentIntentId }).forUpdate().first();
    if (!row)
      throw new InvalidRecordError('paymentIntentId', `no payment ${JSON.stringify(paymentIntentId)}`);
    const current = toRecord(row);
    if (current.events.some((e) => e.eventId === logged.eventId)) return { record: current, applied: false };
    const state = STAGE[logged.state] >= STAGE[current.state] ? logged.state : current.state;
    const [updated] = await trx('payments')
      .where({ id: current.id })
      .update({
        events: JSON.stringify([...current.events, logged]),
        state,
        updated_at: trx.fn.now(),
      })
      .returning('*');
    return { record: toRecord(updated), applied: true };
  });
}

export async function paymentsOfInvoice(db: Knex, invoiceId: string): Promise<PaymentRecord[]> {
  const rows = await db('payments').where({ invoice_id: invoiceId }).orderBy('id');
  return rows.map(toRecord);
}
