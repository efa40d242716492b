// Stripe webhook updates applied to the payments log and to the invoice they pay. Idempotent per
// event id: a redelivered event changes nothing. Refunds are logged on the payment; the invoice side
// of a refund is its credit note.
import type { Knex } from 'knex';
import { getInvoiceById, setInvoiceStatus, type InvoiceStatus } from '../db/repos/invoices';
import {
  applyPaymentEvent,
  getPaymentByIntent,
  type PaymentEvent,
  type PaymentRecord,
} from '../db/repos/payments';
import type { PaymentUpdate } from '../payments/paymentUpdate';

export type PaymentUpdateOutcome =
  | { outcome: 'applied'; payment: PaymentRecord; invoiceStatus?: InvoiceStatus }
  | { outcome: 'duplicate'; payment: PaymentRecord }
  /** An event chargeledger does not act on, or for a PaymentIntent it never recorded. */
  | { outcome: 'ignored'; reason: string };

type Actionable = Exclude<PaymentUpdate, { kind: 'ignored' }>;

function eventOf(update: Actionable): { paymentIntentId: string | undefined; event: PaymentEvent } {
  const base = { eventId: update.eventId, kind: update.kind, occurredAt: update.occurredAt };
  switch (update.kind) {
    case 'payment_succeeded':
      return {
        paymentIntentId: update.payment.paymentIntentId,
        event: { ...base, state: 'paid', data: { amountReceivedMinor: update.payment.amountReceivedMinor } },
      };
    case 'payment_failed':
      return {
        paymentIntentId: update.payment.paymentIntentId,
        event: {
          ...base,
          state: 'failed',
          data: {
            stripeCode: update.stripeCode ?? null,
            declineCode: update.declineCode ?? null,
            message: update.message ?? null,
          },
        },
      };
    case 'payment_canceled':
      return {
        paymentIntentId: update.payment.paymentIntentId,
        event: {
          ...base,
          state: 'canceled',
          data: { cancellationReason: update.cancellationReason ?? null },
        },
      };
    case 'charge_refunded':
      return {
        paymentIntentId: update.paymentIntentId,
        event: {
          ...base,
          state: update.fullyRefunded ? 'refunded' : 'partially_refunded',
          data: { chargeId: update.chargeId, amountRefundedMinor: update.amountRefundedMinor },
        },
      };
  }
}

/** The invoice status a payment state moves an invoice to, if any (credited invoices stay credited). */
function invoiceStatusFor(
  payment: PaymentRecord['state'],
  current: InvoiceStatus,
): InvoiceStatus | undefined {
  if (current === 'credited' || current === 'partially_credited') return undefined;
  if (payment === 'paid') return 'paid';
  if (payment === 'failed' && current !== 'paid') return 'payment_failed';
  return undefined;
}

export async function applyPaymentUpdate(db: Knex, update: PaymentUpdate): Promise<PaymentUpdateOutcome> {
  if (update.kind === 'ignored') return { outcome: 'ignored', reason: `event type ${update.stripeType}` };
  const { paymentIntentId, event } = eventOf(update);
  if (!paymentIntentId || !(await getPaymentByIntent(db, paymentIntentId))) {
    return {
      outcome: 'ignored',
      reason: `no recorded payment for PaymentIntent ${paymentIntentId ?? '(none)'}`,
    };
  }
  const { record, applied } = await applyPaymentEvent(db, paymentIntentId, event);
  if (!applied) return { outcome: 'duplicate', payment: record };
  const invoice = record.invoiceId ? await getInvoiceById(db, record.invoiceId) : undefined;
  const next = invoice && invoiceStatusFor(record.state, invoice.status);
  if (!invoice || !next || next === invoice.status) return { outcome: 'applied', payment: record };
  await setInvoiceStatus(db, invoice.id, next);
  return { outcome: 'applied', payment: record, invoiceStatus: next };
}
