// A contract customer's periodic invoice: the period (the last complete month or quarter before the
// run's date, read in the customer's time zone), a charge of the saved payment method for card
// customers (bank-transfer customers get an open invoice with the payment details on the PDF), the
// invoice with that outcome printed on it, its PDF and its e-mail. Started by the customer's Temporal
// Schedule (src/billing/schedules.ts) or by hand for a named period; a repeated run of a period finds
// the invoice issued before and only finishes its delivery.
import { defineSearchAttributeKey, SearchAttributeType } from '@temporalio/common';
import { proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { BillingActivities } from '../activities/billing';
import type { InvoiceRunInput, InvoiceRunResult } from './billingMessages';
import { deliverDocument } from './deliverDocument';

const billing = proxyActivities<BillingActivities>({
  startToCloseTimeout: '5m',
  retry: { initialInterval: '1s', maximumInterval: '5m' },
});

/** Set by Temporal on workflows a Schedule starts: the nominal time, even when the start is late. */
const SCHEDULED_START = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/** The run's instant: the schedule's nominal time, else when the workflow started. Same on every replay. */
function runInstant(): Date {
  const info = workflowInfo();
  return info.typedSearchAttributes.get(SCHEDULED_START) ?? info.startTime;
}

export async function invoiceRun(input: InvoiceRunInput): Promise<InvoiceRunResult> {
  const plan = await billing.planContractRun({
    customerId: input.customerId,
    asOf: runInstant().toISOString(),
    ...(input.period && { period: input.period }),
  });
  const run = { customerId: plan.customerId, period: plan.period };
  if (plan.issued) return { ...run, outcome: 'invoiced', ...(await deliverDocument(plan.issued)) };
  if (plan.cdrIds.length === 0) return { ...run, outcome: 'nothing_to_invoice' };

  const charge = await billing.chargeContractRun(plan);
  const invoice = await billing.issueContractInvoice({
    plan,
    ...(charge.outcome === 'charged' && { payment: charge.payment }),
  });
  return {
    ...run,
    outcome: 'invoiced',
    ...(charge.outcome === 'charged' ? { card: charge.card } : { notCharged: charge.reason }),
    ...(await deliverDocument(invoice)),
  };
}
