// An ad hoc session's bill, started by the session workflow once the CDR is stored (or the session
// failed to rate): settle the card hold with the invoice gross, issue the one invoice of the session
// with that outcome printed on it, archive its PDF and e-mail it. A child workflow the session
// abandons: whatever billing meets (Stripe down, a mail server refusing) never touches the session,
// its CDR or its history, and billing can be retried or inspected on its own.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { BillingActivities } from '../activities/billing';
import type { BillSessionInput, SessionBillResult } from './billingMessages';
import { deliverDocument } from './deliverDocument';

const billing = proxyActivities<BillingActivities>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '1s', maximumInterval: '5m' },
});

export async function billSession(input: BillSessionInput): Promise<SessionBillResult> {
  const { sessionId } = input;
  // The same instant on every replay and retry: the invoice's issue date is the bill's start.
  const issuedAt = workflowInfo().startTime.toISOString();
  const settlement = await billing.settleSessionPayment({ sessionId, issuedAt });
  if (settlement.outcome === 'not_rated') return { sessionId, outcome: 'not_rated' };
  const invoice = await billing.issueSessionInvoice({ sessionId, payment: settlement.payment, issuedAt });
  return {
    sessionId,
    outcome: 'invoiced',
    ...(settlement.card && { card: settlement.card }),
    ...(await deliverDocument(invoice)),
  };
}
