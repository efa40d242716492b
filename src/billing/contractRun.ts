// Contract invoicing: the period a run covers and the run for one customer (select the period's
// uninvoiced CDRs, draft, issue). Idempotent per customer and period: a repeated run returns the
// invoice the first one issued.
import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import { requireCustomer, type ContractPeriod } from '../db/repos/customers';
import { findInvoiceByKey } from '../db/repos/invoices';
import { requireIssuer } from '../db/repos/issuers';
import type { DatePeriod, PaymentInfo } from '../invoice/types';
import { BillingInputError } from './errors';
import { invoiceDraftForSessions } from './invoiceDraft';
import { issueInvoice } from './issueInvoice';
import type { IssuedDocument } from './issueDocument';
import { sessionsToInvoice } from './sessionsToInvoice';

const MONTHS: Record<ContractPeriod, number> = { monthly: 1, quarterly: 3 };

/** The contract period that contains `date` (YYYY-MM-DD): a calendar month or quarter. */
export function contractPeriodContaining(period: ContractPeriod, date: string): DatePeriod {
  const day = DateTime.fromISO(date, { zone: 'UTC' });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date) || !day.isValid) {
    throw new BillingInputError('invalid date', [
      { path: 'date', message: `expected YYYY-MM-DD, got ${JSON.stringify(date)}` },
    ]);
  }
  const months = MONTHS[period];
  const start = day.set({ month: Math.floor((day.month - 1) / months) * months + 1, day: 1 });
  return { start: start.toISODate()!, end: start.plus({ months }).minus({ days: 1 }).toISODate()! };
}

/** The last complete contract period before `today`: what a scheduled run on `today` invoices. */
export function previousContractPeriod(period: ContractPeriod, today: string): DatePeriod {
  const current = contractPeriodContaining(period, today);
  const dayBefore = DateTime.fromISO(current.start, { zone: 'UTC' }).minus({ days: 1 }).toISODate()!;
  return contractPeriodContaining(period, dayBefore);
}

/** The key of a contract run: one invoice per customer and period. */
export function contractRunKey(customerId: string, period: DatePeriod): string {
  return `run:${customerId}:${period.start}..${period.end}`;
}

export interface ContractRunInput {
  customerId: string;
  period: DatePeriod;
  /** YYYY-MM-DD. */
  issueDate: string;
  tariffDescriptions?: readonly string[];
  payment?: PaymentInfo;
}

/** Issues the customer's invoice for the period; undefined when there is nothing to invoice. */
export async function issueContractInvoice(
  db: Knex,
  input: ContractRunInput,
): Promise<IssuedDocument | undefined> {
  const idempotencyKey = contractRunKey(input.customerId, input.period);
  const issued = await findInvoiceByKey(db, idempotencyKey);
  if (issued) return { record: issued, created: false };
  const customer = await requireCustomer(db, input.customerId);
  const issuer = await requireIssuer(db, customer.issuerId);
  const cdrs = await sessionsToInvoice(db, {
    customerId: customer.id,
    periodStart: input.period.start,
    periodEnd: input.period.end,
  });
  if (cdrs.length === 0) return undefined;
  const draft = invoiceDraftForSessions({
    issuer,
    customer,
    cdrs,
    issueDate: input.issueDate,
    servicePeriod: input.period,
    ...(input.tariffDescriptions && { tariffDescriptions: input.tariffDescriptions }),
    ...(input.payment && { payment: input.payment }),
  });
  return issueInvoice(db, { issuerId: issuer.id, customerId: customer.id, draft, idempotencyKey });
}
