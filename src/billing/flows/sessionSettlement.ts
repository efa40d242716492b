// After an ad hoc session is rated: collect the invoice gross from the card hold (capture, release for
// nothing to pay, raise or shortfall above the hold: src/payments captureHold), before the invoice is
// issued, so the invoice states what happened. A session that was never rated releases its hold.
// Idempotent: the outcome is logged on the hold's payment under the settlement's key and returned from
// there on a retry; every Stripe call carries a sub-key of that key.
import { getCdrForSession } from '../../db/repos/cdrs';
import type { PaymentRecord } from '../../db/repos/payments';
import type { PaymentInfo } from '../../invoice/types';
import { captureHold, type CaptureRequest } from '../../payments/adHocHold';
import { idempotencyKeyFor, subKey } from '../../payments/idempotencyKey';
import { paymentInfoOf, type CardOutcome } from './cardSettlement';
import { draftFor, grossOf, invoiceableCdrs } from './invoiceDrafts';
import { issueDateAt, sessionCustomer } from './sessionBill';
import { logPaymentStep, loggedStep, paymentByKey, recordIntent } from './paymentLog';
import { PaymentUnavailableError } from './paymentUnavailable';
import { holdKeyOf, releaseRecordedHold, type PaymentDeps } from './sessionHold';

/** The key of a bill's settlement: Stripe calls of the capture are sub-keys of it. */
export function settleKeyOf(billWorkflowId: string): string {
  return idempotencyKeyFor(billWorkflowId, 'settle');
}

export type SessionSettlement =
  /** No CDR (the session could not be rated): any hold was released, nothing is invoiced. */
  | { outcome: 'not_rated' }
  /** The invoice follows with this payment; `card` tells what Stripe did, when a card was held. */
  | { outcome: 'settled'; cdrId: string; payment: PaymentInfo | undefined; card?: CardOutcome };

export async function settleSessionPayment(
  deps: PaymentDeps,
  input: { sessionId: string; idempotencyKey: string; issuedAt: string },
): Promise<SessionSettlement> {
  const { db } = deps;
  const hold = await paymentByKey(db, holdKeyOf(input.sessionId));
  const cdr = await getCdrForSession(db, input.sessionId);
  if (!cdr) {
    if (hold) await releaseRecordedHold(deps, hold);
    return { outcome: 'not_rated' };
  }
  if (!hold) return { outcome: 'settled', cdrId: cdr.id, payment: undefined };
  const done = loggedStep(hold, input.idempotencyKey) as CardOutcome | undefined;
  if (done) return settled(cdr.id, done);

  const customer = await sessionCustomer(db, input.sessionId);
  const draft = await draftFor(db, {
    customer,
    cdrs: await invoiceableCdrs(db, [cdr.id]),
    issueDate: await issueDateAt(db, customer, input.issuedAt),
  });
  const { grossMinor } = grossOf(draft);
  const savedMethod = customer.stripeCustomerId &&
    customer.stripePaymentMethodId && {
      customerId: customer.stripeCustomerId,
      paymentMethodId: customer.stripePaymentMethodId,
      // The invoice has no number before its payment is settled; the shortfall names the session.
      invoiceNumber: `session ${input.sessionId}`,
    };
  const outcome = await capture(deps, hold, grossMinor, input.idempotencyKey, savedMethod || undefined);
  // Nothing to pay is paid, whatever state the released hold is reported in.
  const card: CardOutcome = grossMinor === 0 ? { ...outcome, state: 'paid' } : outcome;
  await logPaymentStep(
    db,
    hold.paymentIntentId,
    {
      key: input.idempotencyKey,
      kind: grossMinor === 0 ? 'hold_released' : outcome.state === 'failed' ? 'capture_refused' : 'captured',
      state: outcome.state,
      data: { ...card, grossMinor },
    },
    deps.now(),
  );
  return settled(cdr.id, card);
}

function settled(cdrId: string, card: CardOutcome): SessionSettlement {
  return { outcome: 'settled', cdrId, payment: paymentInfoOf(card), card };
}

async function capture(
  deps: PaymentDeps,
  hold: PaymentRecord,
  grossMinor: number,
  key: string,
  savedMethod: CaptureRequest['savedMethod'],
): Promise<CardOutcome> {
  if (!deps.stripe) throw new Error('a card hold exists but no Stripe endpoint is configured to settle it');
  const result = await captureHold(deps.stripe, {
    paymentIntentId: hold.paymentIntentId,
    currency: hold.currency,
    heldMinor: hold.amountMinor,
    amountMinor: grossMinor,
    idempotencyKey: key,
    ...(savedMethod && { savedMethod }),
  });
  if (!result.ok) {
    if (result.failure.retryable) throw new PaymentUnavailableError(result.failure);
    return { state: 'failed', capturedMinor: 0, outstandingMinor: grossMinor, refusals: [result.failure] };
  }
  const settlement = result.value;
  if (settlement.shortfallCharge)
    await recordIntent(deps.db, settlement.shortfallCharge, subKey(key, 'shortfall'));
  return {
    state: settlement.hold.state,
    capturedMinor: settlement.capturedMinor + (settlement.shortfallCharge?.amountMinor ?? 0),
    outstandingMinor: settlement.outstandingMinor,
    refusals: settlement.refusals,
  };
}
