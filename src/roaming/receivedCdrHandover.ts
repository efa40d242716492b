// eMSP side: a CDR received from a partner CPO, handed to invoicing. Our retail price of the session
// becomes a CDR of our own `cdrs` table, its "retail copy" (id RX-…): the partner's measured charging
// periods rated with the retail tariff of the driver's contract, its exact breakdown beside it, under
// the driver's token. From there invoicing takes it like any CDR of ours:
//   - a contract customer's next invoice run selects it (sessionsToInvoice: the customer's tokens,
//     ended in the period, not invoiced yet), with nothing added to the contract selection;
//   - an ad hoc customer gets an invoice of that CDR alone (the plan returned here, keyed
//     `session:<copy id>` as ad hoc invoices are).
// The received CDR (roaming_cdrs) keeps the partner's wholesale CDR for settlement and points at its
// copy: state `invoiced`, invoice_reference `cdrs:<copy id>`. A received credit CDR becomes the credit
// CDR of the copy it cancels, which takes an uninvoiced copy out of the next run.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import type { ContractRunPlan } from '../billing/flows/contractRunFlow';
import { localDate } from '../billing/flows/invoiceDrafts';
import { billOf } from '../billing/flows/issueBill';
import { issueDateAt } from '../billing/flows/sessionBill';
import { sessionInvoiceKey } from '../billing/sessionInvoice';
import { getCdr, storeCdr, type CdrRecord } from '../db/repos/cdrs';
import { getCustomer, type CustomerRecord } from '../db/repos/customers';
import { findInvoiceByKey } from '../db/repos/invoices';
import {
  findReceivedCdr,
  getReceivedCdr,
  markReceivedCdrInvoiced,
  type ReceivedCdrRecord,
} from '../db/repos/roamingCdrs';
import { getTariff } from '../db/repos/tariffs';
import { findToken } from '../db/repos/tokens';
import { creditCdrOf } from './creditCdr';
import { rateWithTariff } from './rateWithTariff';
import { retailTimeZone, type RetailOptions } from './retailRating';

export type ReceivedCdrHandover =
  /** Nothing to invoice (yet): no retail price, a token of no customer of ours. Stays `received`. */
  | { outcome: 'not_invoiceable'; recordId: string; reason: string }
  /** A contract customer's: the next invoice run of its period takes the copy. */
  | { outcome: 'periodic'; recordId: string; cdrId: string; customerId: string }
  /** An ad hoc customer's: invoice the copy on its own (charge, issue, deliver as a contract run does). */
  | { outcome: 'per_cdr'; recordId: string; cdrId: string; customerId: string; plan: ContractRunPlan }
  /**
   * A credit CDR: the copy's credit is stored. When the credited copy is already on an invoice
   * (`creditedInvoice`), that invoice needs a credit note (POST /v1/invoices/{number}/credit-notes).
   */
  | { outcome: 'credit'; recordId: string; cdrId: string; customerId: string; creditedInvoice?: string };

/** The retail copy's id: at most 36 characters (OCPI), the same for the same received CDR. */
export function retailCopyId(key: { countryCode: string; partyId: string; cdrId: string }): string {
  const digest = createHash('sha256')
    .update(`${key.countryCode.toUpperCase()}*${key.partyId.toUpperCase()}*${key.cdrId}`)
    .digest('hex');
  return `RX-${digest.slice(0, 32).toUpperCase()}`;
}

/** What a received CDR's invoice_reference says once its copy exists. */
export function copyReference(copyId: string): string {
  return `cdrs:${copyId}`;
}

async function retailCopy(
  db: Knex,
  record: ReceivedCdrRecord,
  retail: RetailOptions,
): Promise<CdrRecord | string> {
  const { tariffId, tariffVersion } = record.retail;
  const tariff = tariffId ? await getTariff(db, tariffId, tariffVersion) : undefined;
  if (!tariff) return `retail tariff ${tariffId}@${tariffVersion} of the rating is not stored`;
  // The zone and tariff version of the rating at receipt: the copy prices exactly what was rated then.
  const zone = retailTimeZone(record.cdr, retail) ?? 'UTC';
  const { chargeledger_breakdown: breakdown, ...priced } = rateWithTariff(record.cdr, tariff.tariff, zone);
  const { record: copy } = await storeCdr(db, {
    cdr: { ...priced, id: retailCopyId(record) },
    breakdown,
    tariffId: tariff.tariffId,
    tariffVersion: tariff.version,
  });
  return copy;
}

async function creditCopy(db: Knex, record: ReceivedCdrRecord): Promise<CdrRecord | string> {
  const credited = await findReceivedCdr(db, {
    countryCode: record.countryCode,
    partyId: record.partyId,
    cdrId: record.creditReferenceId!,
  });
  const original = credited && (await getCdr(db, retailCopyId(credited)));
  if (!original) return `credits CDR ${record.creditReferenceId}, which has no retail copy`;
  const { record: copy } = await storeCdr(db, {
    cdr: creditCdrOf(original.cdr, { lastUpdated: record.lastUpdated, id: retailCopyId(record) }),
  });
  return copy;
}

/** The number of the invoice a CDR of ours is on, if any. */
async function invoiceNumberOf(db: Knex, cdrId: string): Promise<string | undefined> {
  const row = await db('invoice_cdrs as ic')
    .join('invoices as i', 'i.id', 'ic.invoice_id')
    .where({ 'ic.cdr_id': cdrId, 'ic.kind': 'invoice' })
    .first('i.number');
  return row?.number as string | undefined;
}

async function customerOf(db: Knex, record: ReceivedCdrRecord): Promise<CustomerRecord | string> {
  const token = await findToken(db, record.tokenUid);
  const customer = token?.customerId ? await getCustomer(db, token.customerId) : undefined;
  return customer ?? `token ${record.tokenUid} belongs to no customer of ours`;
}

/**
 * Makes the received CDR's retail copy and says how it is invoiced. Idempotent: the copy and the
 * record's mark are written once; a repeated call returns the same answer (and an issued invoice).
 * `asOf` is the instant the hand-over counts as made (the workflow's start): it dates the invoice.
 */
export async function handReceivedCdrToInvoicing(
  db: Knex,
  recordId: string,
  options: { asOf: string; retail?: RetailOptions },
): Promise<ReceivedCdrHandover> {
  const record = await getReceivedCdr(db, recordId);
  if (!record) throw new Error(`no received CDR ${JSON.stringify(recordId)}`);
  const refuse = (reason: string): ReceivedCdrHandover => ({ outcome: 'not_invoiceable', recordId, reason });
  if (record.retail.status !== 'rated') {
    return refuse(`${record.retail.status}: ${record.retail.message ?? 'no retail price'}`);
  }
  const customer = await customerOf(db, record);
  if (typeof customer === 'string') return refuse(customer);
  const copy = record.credit
    ? await creditCopy(db, record)
    : await retailCopy(db, record, options.retail ?? {});
  if (typeof copy === 'string') return refuse(copy);
  await markReceivedCdrInvoiced(db, recordId, copyReference(copy.id));

  const handed = { recordId, cdrId: copy.id, customerId: customer.id };
  if (copy.credit) {
    const creditedInvoice = await invoiceNumberOf(db, copy.creditReferenceId!);
    return { outcome: 'credit', ...handed, ...(creditedInvoice && { creditedInvoice }) };
  }
  if (customer.billingMode === 'contract') return { outcome: 'periodic', ...handed };
  const runKey = sessionInvoiceKey(copy.id);
  const issued = await findInvoiceByKey(db, runKey);
  const plan: ContractRunPlan = {
    customerId: customer.id,
    period: {
      start: localDate(copy.startDateTime, customer.timeZone),
      end: localDate(copy.endDateTime, customer.timeZone),
    },
    issueDate: await issueDateAt(db, customer, options.asOf),
    runKey,
    cdrIds: [copy.id],
    ...(issued && { issued: billOf(issued, false) }),
  };
  return { outcome: 'per_cdr', ...handed, plan };
}
