// The B2B invoice of a settlement: the CPO invoices the eMSP the wholesale price of the CDRs due on the
// statement, through the invoicing code (draft, gapless number, PDF, EN 16931 e-invoice). One session
// line per CDR, priced from its wholesale rating breakdown, so the invoice shows every cent the CDRs
// show; VAT per rate on the rounded lines (src/invoice rules), due by the agreement's payment terms.
//
// Who issues, by the agreement of our role (roaming_agreements):
//   CPO, not self-billing  → we invoice the partner: our CDRs sent to them (`cdrs` rows, linked to the
//                            invoice so none is ever invoiced twice). Billing parties: the customer
//                            whose id is the partner's id, and that customer's issuer (us).
//   EMSP, self-billing     → we issue the invoice on the CPO's behalf (EN 16931 type 389): the CDRs we
//                            received, itemised from the wholesale tariff each carries. Billing
//                            parties: the issuer whose id is the partner's id (the CPO as seller, its
//                            own number series) and the one customer of that issuer (us as buyer).
//   otherwise              → the other side issues; nothing here.
// Each statement version invoices only what no earlier version's invoice holds (a late CDR gets an
// invoice of its own), under the key `settlement:<partner>:<role>:<start>..<end>:v<version>`.
import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import { BillingInputError } from '../../billing/errors';
import { invoiceableCdrs, tariffWords } from '../../billing/flows/invoiceDrafts';
import { billOf, type IssuedBill } from '../../billing/flows/issueBill';
import { invoiceDraftForSessions } from '../../billing/invoiceDraft';
import { issueInvoice } from '../../billing/issueInvoice';
import type { InvoiceableCdr } from '../../billing/sessionLine';
import type { CdrRecord } from '../../db/repos/cdrs';
import { getCustomer, type CustomerRecord } from '../../db/repos/customers';
import { findInvoiceByKey, type InvoiceRecord } from '../../db/repos/invoices';
import { getIssuer, type IssuerRecord } from '../../db/repos/issuers';
import { getAgreement, type AgreementRecord, type AgreementRole } from '../../db/repos/partners';
import { findReceivedCdr, type ReceivedCdrRecord } from '../../db/repos/roamingCdrs';
import { getStatement, type StatementRecord } from '../../db/repos/settlements';
import { Dec } from '../../invoice/decimal';
import { pricedCdr, rateCdr, InputError } from '../../tariff';
import { retailTimeZone, type RetailOptions } from '../retailRating';
import type { SettlementStatement, StatementLine } from './statement';

export type SettlementInvoiceOutcome =
  | { outcome: 'issued'; bill: IssuedBill; selfBilled: boolean; cdrIds: string[] }
  | { outcome: 'not_issued'; reason: string };

export interface SettlementInvoiceRequest {
  statementId: string;
  ourRole: AgreementRole;
  /** The instant the invoice is issued at (the workflow's): its date in the issuer's zone. */
  issuedAt: string;
  /** Zones of received CDRs' locations (self-billing re-prices them from their own tariff). */
  retail?: RetailOptions;
}

export function settlementInvoiceKey(
  record: StatementRecord,
  ourRole: AgreementRole,
  version: number,
): string {
  return `settlement:${record.partnerId}:${ourRole}:${record.periodStart}..${record.periodEnd}:v${version}`;
}

/** Session line ids on the invoices of the statement's earlier versions: what they invoiced. */
async function invoicedBefore(
  db: Knex,
  record: StatementRecord,
  ourRole: AgreementRole,
): Promise<Set<string>> {
  const ids = new Set<string>();
  for (let version = 1; version < record.version; version++) {
    const earlier = await findInvoiceByKey(db, settlementInvoiceKey(record, ourRole, version));
    if (earlier) for (const id of invoicedCdrIds(earlier)) ids.add(id);
  }
  return ids;
}

/** The CDRs a settlement invoice holds (a self-billed line names the CPO's CDR by its line id). */
function invoicedCdrIds(invoice: InvoiceRecord): string[] {
  return invoice.invoice.lines.map((line) => line.cdrId ?? line.id);
}

interface BillingParties {
  issuer: IssuerRecord;
  customer: CustomerRecord;
}

async function partiesOf(db: Knex, partnerId: string, selfBilled: boolean): Promise<BillingParties | string> {
  if (!selfBilled) {
    const customer = await getCustomer(db, partnerId);
    if (!customer)
      return `no customer ${JSON.stringify(partnerId)} to invoice the partner as (create it with the partner's id)`;
    const issuer = await getIssuer(db, customer.issuerId);
    return issuer ? { issuer, customer } : `no issuer ${JSON.stringify(customer.issuerId)}`;
  }
  const issuer = await getIssuer(db, partnerId);
  if (!issuer) return `no issuer ${JSON.stringify(partnerId)} for the partner as seller (self-billing)`;
  const rows: Array<{ id: string }> = await db('customers').where({ issuer_id: issuer.id }).select('id');
  if (rows.length !== 1) {
    return `issuer ${issuer.id} needs exactly one customer (us, the buyer of its self-billed invoices), has ${rows.length}`;
  }
  return { issuer, customer: (await getCustomer(db, rows[0].id))! };
}

/** A received CDR itemised by its own (wholesale) tariff, checked to add up to the total it states. */
function wholesaleRecord(received: ReceivedCdrRecord, retail: RetailOptions): InvoiceableCdr | string {
  const { cdr } = received;
  if (!cdr.tariffs?.length) return `CDR ${cdr.id} carries no tariff to itemise it by`;
  let rated;
  try {
    rated = pricedCdr(cdr, rateCdr(cdr, { timeZone: retailTimeZone(cdr, retail) ?? 'UTC' }));
  } catch (err) {
    if (err instanceof InputError) return `CDR ${cdr.id}: ${err.message}`;
    throw err;
  }
  if (!new Dec(rated.total_cost.excl_vat).equals(received.totalCostExclVat)) {
    return `CDR ${cdr.id} states ${received.totalCostExclVat} excl. VAT, its tariff gives ${rated.total_cost.excl_vat}`;
  }
  const record: CdrRecord = {
    id: cdr.id,
    sessionId: null,
    countryCode: received.countryCode,
    partyId: received.partyId,
    currency: received.currency,
    startDateTime: received.startDateTime,
    endDateTime: received.endDateTime,
    totals: {
      cost: { exclVat: received.totalCostExclVat, inclVat: received.totalCostInclVat },
      fixedCost: { exclVat: null, inclVat: null },
      energyCost: { exclVat: null, inclVat: null },
      timeCost: { exclVat: null, inclVat: null },
      parkingCost: { exclVat: null, inclVat: null },
      reservationCost: { exclVat: null, inclVat: null },
      energy: received.totalEnergy,
      time: received.totalTime,
      parkingTime: null,
    },
    tariffId: null,
    tariffVersion: null,
    cdr,
    breakdown: rated.chargeledger_breakdown,
    credit: false,
    creditReferenceId: null,
    createdAt: received.receivedAt,
    lastUpdated: received.lastUpdated,
  };
  return { ...record, chargePointId: null };
}

async function sentCdrs(db: Knex, lines: readonly StatementLine[]): Promise<InvoiceableCdr[]> {
  const ids = lines.map((line) => line.cdrId);
  const linked: Array<{ cdr_id: string }> = await db('invoice_cdrs')
    .whereIn('cdr_id', ids)
    .where({ kind: 'invoice' })
    .select('cdr_id');
  const billed = new Set(linked.map((row) => row.cdr_id));
  return invoiceableCdrs(
    db,
    ids.filter((id) => !billed.has(id)),
  );
}

async function receivedCdrs(
  db: Knex,
  lines: readonly StatementLine[],
  retail: RetailOptions,
): Promise<InvoiceableCdr[] | string> {
  const records: InvoiceableCdr[] = [];
  for (const line of lines) {
    const received = await findReceivedCdr(db, line);
    if (!received) return `received CDR ${line.cdrId} is not stored`;
    const record = wholesaleRecord(received, retail);
    if (typeof record === 'string') return record;
    records.push(record);
  }
  return records;
}

function dueDateOf(issueDate: string, agreement: AgreementRecord): string {
  return DateTime.fromISO(issueDate, { zone: 'utc' }).plus({ days: agreement.paymentTermsDays }).toISODate()!;
}

/** The last day of a [start, end) period of instants, as a date (UTC). */
function lastDayOf(periodEnd: string): string {
  return DateTime.fromISO(periodEnd, { zone: 'utc' }).minus({ days: 1 }).toISODate()!;
}

export async function issueSettlementInvoice(
  db: Knex,
  request: SettlementInvoiceRequest,
): Promise<SettlementInvoiceOutcome> {
  const notIssued = (reason: string): SettlementInvoiceOutcome => ({ outcome: 'not_issued', reason });
  const record = await getStatement(db, request.statementId);
  if (!record)
    throw new BillingInputError('cannot invoice', [
      { path: 'statementId', message: `no settlement statement ${request.statementId}` },
    ]);
  const { ourRole } = request;
  const agreement = await getAgreement(db, record.partnerId, ourRole);
  if (!agreement) return notIssued(`no ${ourRole} agreement with partner ${record.partnerId}`);
  if (ourRole === 'CPO' && agreement.selfBilling)
    return notIssued('self-billing: the partner invoices itself on our behalf');
  if (ourRole === 'EMSP' && !agreement.selfBilling)
    return notIssued('the partner (the CPO) issues the invoice');
  const selfBilled = ourRole === 'EMSP';

  // A re-run of this version finds its invoice by key: its CDRs are linked to it now, so recomputing
  // the CDRs due would find none left and wrongly answer "not issued".
  const issuedBefore = await findInvoiceByKey(db, settlementInvoiceKey(record, ourRole, record.version));
  if (issuedBefore) {
    return {
      outcome: 'issued',
      bill: billOf(issuedBefore, false),
      selfBilled,
      cdrIds: invoicedCdrIds(issuedBefore),
    };
  }

  const statement = record.statement as SettlementStatement;
  const earlier = await invoicedBefore(db, record, ourRole);
  const direction = selfBilled ? 'received' : 'sent';
  const due = statement.lines.filter(
    (line) => line.direction === direction && line.status === 'due' && !earlier.has(line.cdrId),
  );
  if (due.length === 0) return notIssued('nothing due on this statement that is not invoiced yet');

  const parties = await partiesOf(db, record.partnerId, selfBilled);
  if (typeof parties === 'string') return notIssued(parties);
  const cdrs = selfBilled ? await receivedCdrs(db, due, request.retail ?? {}) : await sentCdrs(db, due);
  if (typeof cdrs === 'string') return notIssued(cdrs);
  if (cdrs.length === 0) return notIssued('every CDR due is on an invoice already');

  const { issuer, customer } = parties;
  const issueDate = DateTime.fromISO(request.issuedAt, { zone: issuer.timeZone }).toISODate()!;
  const draft = invoiceDraftForSessions({
    issuer,
    customer,
    cdrs,
    issueDate,
    servicePeriod: { start: record.periodStart.slice(0, 10), end: lastDayOf(record.periodEnd) },
    tariffDescriptions: tariffWords(cdrs, customer.language),
    references: { ...(customer.buyerReference && { buyerReference: customer.buyerReference }) },
    notes: [
      ...(selfBilled ? [`Self-billing: issued by ${customer.name} on behalf of ${issuer.name}.`] : []),
      `Roaming settlement ${statement.periodStart.slice(0, 10)} to ${lastDayOf(statement.periodEnd)} (statement ${record.id}).`,
    ],
  });
  const { contractId: _oneDriversContract, ...references } = draft.references ?? {};
  const { record: invoice, created } = await issueInvoice(db, {
    issuerId: issuer.id,
    customerId: customer.id,
    draft: {
      ...draft,
      references,
      ...(draft.dueDate && { dueDate: dueDateOf(issueDate, agreement) }),
      ...(selfBilled && {
        selfBilled: true,
        // The CPO's CDRs are not rows of ours to link: the line ids name them.
        lines: draft.lines.map(({ cdrId: _notOurs, ...line }) => line),
      }),
    },
    idempotencyKey: settlementInvoiceKey(record, ourRole, record.version),
  });
  return { outcome: 'issued', bill: billOf(invoice, created), selfBilled, cdrIds: cdrs.map((cdr) => cdr.id) };
}
