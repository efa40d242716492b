// eMSP side: one CDR received from a partner CPO, handed to invoicing. Started per received CDR by the
// OCPI cdrs route (id from the CPO party and CDR id, so a resent CDR reaches the same workflow), never
// worked on inside the HTTP request. The hand-over turns the retail re-rating into a CDR of ours; an
// ad hoc driver then gets an invoice of that CDR alone, charged to the saved card when there is one,
// with its PDF and e-mail; a contract driver's next invoice run picks it up.
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { BillingActivities } from '../activities/billing';
import type { RoamingActivities } from '../activities/roaming';
import { deliverDocument } from './deliverDocument';
import type { ReceivedCdrInput, ReceivedCdrResult } from './roamingMessages';

const roaming = proxyActivities<RoamingActivities>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '1s', maximumInterval: '5m' },
});

const billing = proxyActivities<BillingActivities>({
  startToCloseTimeout: '5m',
  retry: { initialInterval: '1s', maximumInterval: '5m' },
});

export async function receivedCdr(input: ReceivedCdrInput): Promise<ReceivedCdrResult> {
  // The same instant on every replay and retry: it dates the invoice.
  const asOf = workflowInfo().startTime.toISOString();
  const handover = await roaming.handOverReceivedCdr({ recordId: input.recordId, asOf });
  if (handover.outcome !== 'per_cdr') return handover;
  const { plan, outcome: _perCdr, ...handed } = handover;
  if (plan.issued) return { ...handed, outcome: 'invoiced', ...(await deliverDocument(plan.issued)) };
  const charge = await billing.chargeContractRun(plan);
  const invoice = await billing.issueContractInvoice({
    plan,
    ...(charge.outcome === 'charged' && { payment: charge.payment }),
  });
  return {
    ...handed,
    outcome: 'invoiced',
    ...(charge.outcome === 'not_charged' && { notCharged: charge.reason }),
    ...(await deliverDocument(invoice)),
  };
}
