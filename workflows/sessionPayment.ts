// The session workflow's two payment steps, kept apart so chargeSession only calls them:
// - before the charger is answered, an ad hoc card driver's payment is secured (a hold); a refusal turns
//   the authorization into Blocked, so the charger is refused and nobody is billed (other drivers cost
//   no step here: the session's start already looked up how they are billed);
// - once the session is over, a session billed on its own invoice hands over to billSession, a child
//   workflow the session does not wait for (ParentClosePolicy ABANDON).
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, proxyLocalActivities, startChild } from '@temporalio/workflow';
import type { BillingActivities, SessionBilling } from '../activities/billing';
import type { SessionInit } from '../activities/session';
import { BILL_SESSION_WORKFLOW_TYPE, billSessionWorkflowId, type BillSessionInput } from './billingMessages';

// A local activity: the charger waits for its answer, and for most tokens this is one quick lookup.
// Stripe's own retries fit in the timeout; a Stripe outage is retried here while the charger waits.
const payments = proxyLocalActivities<BillingActivities>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '1s', maximumInterval: '30s' },
});

export async function securePayment(
  sessionId: string,
  init: SessionInit,
): Promise<{ init: SessionInit; billing: SessionBilling }> {
  if (init.authorization.status !== 'Accepted') return { init, billing: 'none' };
  // Most drivers need no hold, and initializeSession already said how they are billed.
  if (init.payment && !init.payment.cardHold) return { init, billing: init.payment.billing };
  const decision = await payments.secureSessionPayment({ sessionId });
  if (decision.outcome === 'accepted') return { init, billing: decision.billing };
  return { init: { ...init, authorization: { ...init.authorization, status: 'Blocked' } }, billing: 'none' };
}

/** Starts the session's bill (also after a failed rating: its card hold must be released). */
export async function startSessionBilling(sessionId: string, billing: SessionBilling): Promise<void> {
  if (billing !== 'per_session') return;
  try {
    await startChild(BILL_SESSION_WORKFLOW_TYPE, {
      workflowId: billSessionWorkflowId(sessionId),
      args: [{ sessionId } satisfies BillSessionInput],
      parentClosePolicy: ParentClosePolicy.ABANDON,
    });
  } catch (err) {
    // Started before (a replayed or reset session): that bill is the one.
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
  }
}
