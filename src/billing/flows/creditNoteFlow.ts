// A correction of an issued invoice, in the steps its workflow takes: issue the credit note (src/billing
// issueCreditNote: numbered, references the invoice, marks it (partially) credited), refund it to the
// card when the invoice was paid by card, then PDF and e-mail. On an invoice still open the credit note
// reduces what is due and nothing is refunded.
import type { Knex } from 'knex';
import { getInvoiceByNumber, getInvoiceById } from '../../db/repos/invoices';
import { paymentsOfInvoice, type PaymentRecord } from '../../db/repos/payments';
import type { PaymentInfo } from '../../invoice/types';
import { idempotencyKeyFor } from '../../payments/idempotencyKey';
import { toMinorUnits } from '../../payments/minorUnits';
import type { PaymentFailure } from '../../payments/paymentResult';
import { refund } from '../../payments/refund';
import { BillingInputError } from '../errors';
import { issueCreditNote, type CreditScope } from '../issueCreditNote';
import { billOf, type IssuedBill } from './issueBill';
import { requireInvoice } from './invoiceDocuments';
import { logPaymentStep, loggedStep } from './paymentLog';
import { PaymentUnavailableError } from './paymentUnavailable';
import type { PaymentDeps } from './sessionHold';

export type CreditNoteRequest = CreditScope & {
  invoiceNumber: string;
  issuerId?: string;
  reason: string;
  issueDate: string;
  idempotencyKey: string;
};

/** Issues the credit note; it says "refunded" when the invoice is paid now, else it offsets what is due. */
export async function issueCreditNoteFor(db: Knex, request: CreditNoteRequest): Promise<IssuedBill> {
  const original = await getInvoiceByNumber(db, request.invoiceNumber, request.issuerId);
  const payment: PaymentInfo | undefined = original && {
    ...original.invoice.payment,
    status: original.status === 'paid' ? 'paid' : 'open',
  };
  const { record, created } = await issueCreditNote(db, { ...request, ...(payment && { payment }) });
  return billOf(record, created);
}

export type RefundOutcome =
  | { outcome: 'not_needed'; reason: string }
  | { outcome: 'refunded'; refundId: string; amountMinor: number; currency: string; paymentIntentId: string }
  | { outcome: 'refused'; failure: PaymentFailure };

/** A collected card payment of the invoice to send the money back to. */
function refundable(payments: PaymentRecord[]): PaymentRecord | undefined {
  return payments.find((p) => p.state === 'paid' || p.state === 'partially_refunded');
}

export async function refundCreditNote(deps: PaymentDeps, creditNoteId: string): Promise<RefundOutcome> {
  const note = await requireInvoice(deps.db, creditNoteId);
  const { payment } = note.invoice;
  if (note.kind !== 'credit_note' || !note.creditedInvoiceId)
    throw new BillingInputError('cannot refund', [
      { path: 'creditNoteId', message: `${note.number} is no credit note` },
    ]);
  if (payment.status !== 'paid') return { outcome: 'not_needed', reason: 'offset against the open invoice' };
  if (payment.method !== 'card')
    return { outcome: 'not_needed', reason: 'paid by bank transfer: refund by transfer' };
  const original = await getInvoiceById(deps.db, note.creditedInvoiceId);
  const source = refundable(await paymentsOfInvoice(deps.db, original!.id));
  if (!source)
    return { outcome: 'not_needed', reason: `no card payment is recorded for ${original!.number}` };
  if (!deps.stripe) throw new Error('a card refund is due but no Stripe endpoint is configured');

  const key = idempotencyKeyFor(`credit-note:${note.issuerId}:${note.number}`, 'refund');
  const done = loggedStep(source, key);
  if (done) return done as RefundOutcome;
  const amountMinor = Math.min(
    toMinorUnits(note.totals.gross.replace(/^-/, ''), note.currency),
    source.amountMinor,
  );
  const result = await refund(deps.stripe, {
    paymentIntentId: source.paymentIntentId,
    amountMinor,
    currency: note.currency,
    idempotencyKey: key,
    reason: 'requested_by_customer',
    creditNoteNumber: note.number,
  });
  if (!result.ok && result.failure.retryable) throw new PaymentUnavailableError(result.failure);
  const outcome: RefundOutcome = result.ok
    ? {
        outcome: 'refunded',
        refundId: result.value.refundId,
        amountMinor,
        currency: note.currency,
        paymentIntentId: source.paymentIntentId,
      }
    : { outcome: 'refused', failure: result.failure };
  await logPaymentStep(
    deps.db,
    source.paymentIntentId,
    { key, kind: result.ok ? 'refund' : 'refund_refused', state: source.state, data: outcome },
    deps.now(),
  );
  return outcome;
}
