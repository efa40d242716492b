// A contract customer's periodic invoice, in the steps its workflow takes: plan (which period, which
// CDRs), charge the saved payment method (card customers), issue, then PDF and e-mail. The period is
// the last complete one before the run's date in the customer's time zone, so a run scheduled at 03:00
// on the 1st (local) invoices the month before, and the same scheduled time always gives the same period.
import type { Knex } from 'knex';
import type Stripe from 'stripe';
import { requireCustomer, type CustomerRecord } from '../../db/repos/customers';
import { findInvoiceByKey } from '../../db/repos/invoices';
import type { PaymentRecordState } from '../../db/repos/payments';
import type { DatePeriod, PaymentInfo } from '../../invoice/types';
import { idempotencyKeyFor } from '../../payments/idempotencyKey';
import { chargeSavedMethod } from '../../payments/savedMethodCharge';
import { contractRunKey, previousContractPeriod } from '../contractRun';
import { sessionsToInvoice } from '../sessionsToInvoice';
import { paymentInfoOf, type CardOutcome } from './cardSettlement';
import { draftFor, grossOf, invoiceableCdrs, localDate } from './invoiceDrafts';
import { billOf, issueBill, type IssuedBill } from './issueBill';
import { paymentByKey, recordIntent } from './paymentLog';
import { PaymentUnavailableError } from './paymentUnavailable';
import type { PaymentDeps } from './sessionHold';

export interface ContractRunPlan {
  customerId: string;
  period: DatePeriod;
  issueDate: string;
  /** The run's idempotency key: one invoice per customer and period. */
  runKey: string;
  /** The CDRs to invoice (empty: nothing to do). */
  cdrIds: string[];
  /** Set when the period was invoiced before: the run only finishes its delivery. */
  issued?: IssuedBill;
}

/** `asOf`: the run's instant (the schedule's nominal time); `period` overrides the derived one. */
export async function planContractRun(
  db: Knex,
  input: { customerId: string; asOf: string; period?: DatePeriod },
): Promise<ContractRunPlan> {
  const customer = await requireCustomer(db, input.customerId);
  const today = localDate(input.asOf, customer.timeZone);
  const period = input.period ?? previousContractPeriod(customer.contractPeriod, today);
  const runKey = contractRunKey(customer.id, period);
  const plan = { customerId: customer.id, period, issueDate: today, runKey };
  const issued = await findInvoiceByKey(db, runKey);
  if (issued) return { ...plan, cdrIds: [], issued: billOf(issued, false) };
  const cdrs = await sessionsToInvoice(db, {
    customerId: customer.id,
    periodStart: period.start,
    periodEnd: period.end,
  });
  return { ...plan, cdrIds: cdrs.map((cdr) => cdr.id) };
}

export function chargeKeyOf(runKey: string): string {
  return idempotencyKeyFor(runKey, 'charge');
}

export type ContractCharge =
  | { outcome: 'not_charged'; reason: string }
  | { outcome: 'charged'; payment: PaymentInfo; card: CardOutcome };

function chargeable(customer: CustomerRecord, stripe: Stripe | undefined): string | undefined {
  if (customer.paymentMethod !== 'card') return 'pays by bank transfer';
  if (!customer.stripeCustomerId || !customer.stripePaymentMethodId) return 'has no saved payment method';
  if (!stripe) return 'card payments are not configured (STRIPE_SECRET_KEY or STRIPE_API_BASE)';
  return undefined;
}

function outcomeOfState(state: CardOutcome['state'], chargedMinor: number): CardOutcome {
  return { state, capturedMinor: chargedMinor, outstandingMinor: 0, refusals: [] };
}

/** Charges the invoice gross to the customer's saved payment method, off-session, once per run key. */
export async function chargeContractRun(deps: PaymentDeps, plan: ContractRunPlan): Promise<ContractCharge> {
  const customer = await requireCustomer(deps.db, plan.customerId);
  const notChargeable = chargeable(customer, deps.stripe);
  if (notChargeable) return { outcome: 'not_charged', reason: `customer ${customer.id} ${notChargeable}` };
  const key = chargeKeyOf(plan.runKey);
  const recorded = await paymentByKey(deps.db, key);
  if (recorded) return charged(outcomeOfState(cardStateOf(recorded.state), recorded.amountMinor));

  const draft = await draftFor(deps.db, {
    customer,
    cdrs: await invoiceableCdrs(deps.db, plan.cdrIds),
    issueDate: plan.issueDate,
    servicePeriod: plan.period,
  });
  const { grossMinor } = grossOf(draft);
  if (grossMinor === 0) return charged(outcomeOfState('paid', 0));
  const result = await chargeSavedMethod(deps.stripe!, {
    customerId: customer.stripeCustomerId!,
    paymentMethodId: customer.stripePaymentMethodId!,
    amountMinor: grossMinor,
    currency: draft.currency,
    idempotencyKey: key,
    // The invoice is numbered once its payment is known; the charge names the run.
    invoiceNumber: `${customer.id} ${plan.period.start}..${plan.period.end}`,
    metadata: { customer_id: customer.id, run_key: plan.runKey },
  });
  if (!result.ok) {
    if (result.failure.retryable) throw new PaymentUnavailableError(result.failure);
    return charged({
      state: 'failed',
      capturedMinor: 0,
      outstandingMinor: grossMinor,
      refusals: [result.failure],
    });
  }
  await recordIntent(deps.db, result.value, key);
  return charged(outcomeOfState(result.value.state, grossMinor));
}

/** A recorded payment's state as a card outcome (webhooks may have moved it on since). */
function cardStateOf(state: PaymentRecordState): CardOutcome['state'] {
  if (state === 'paid' || state === 'refunded' || state === 'partially_refunded') return 'paid';
  return state;
}

function charged(card: CardOutcome): ContractCharge {
  return { outcome: 'charged', payment: paymentInfoOf(card), card };
}

export async function issueContractRun(
  db: Knex,
  plan: ContractRunPlan,
  payment: PaymentInfo | undefined,
): Promise<IssuedBill> {
  return issueBill(db, {
    customer: await requireCustomer(db, plan.customerId),
    cdrIds: plan.cdrIds,
    issueDate: plan.issueDate,
    servicePeriod: plan.period,
    ...(payment && { payment }),
    idempotencyKey: plan.runKey,
    paymentKeys: [chargeKeyOf(plan.runKey)],
  });
}
