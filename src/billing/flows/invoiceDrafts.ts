// The drafts the billing workflows issue: loaded once, used twice. A payment is settled before its
// invoice is issued (so the document states the truth about it), and the amount it settles is the gross
// of the very draft that is then issued: both come from `draftFor`, which is the only draft builder here.
import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import { getCdr } from '../../db/repos/cdrs';
import { requireCustomer, type CustomerRecord } from '../../db/repos/customers';
import { requireIssuer } from '../../db/repos/issuers';
import { getSession } from '../../db/repos/sessions';
import { findToken } from '../../db/repos/tokens';
import { computeInvoice } from '../../invoice/computeInvoice';
import type { DatePeriod, PaymentInfo } from '../../invoice/types';
import { toMinorUnits } from '../../payments/minorUnits';
import { describeTariff } from '../../tariff/describe/describeTariff';
import type { Tariff } from '../../tariff/types';
import { BillingInputError } from '../errors';
import { invoiceDraftForSessions, type UnnumberedInvoiceDraft } from '../invoiceDraft';
import type { InvoiceableCdr } from '../sessionLine';

/** The rated CDRs with the charger each session ran at (printed on the invoice). */
export async function invoiceableCdrs(db: Knex, cdrIds: readonly string[]): Promise<InvoiceableCdr[]> {
  const records: InvoiceableCdr[] = [];
  for (const [i, id] of cdrIds.entries()) {
    const record = await getCdr(db, id);
    if (!record)
      throw new BillingInputError('cannot invoice', [{ path: `cdrIds[${i}]`, message: `no CDR ${id}` }]);
    const session = record.sessionId ? await getSession(db, record.sessionId) : undefined;
    records.push({ ...record, chargePointId: session?.chargePointId ?? null });
  }
  return records;
}

/** Each distinct tariff of the CDRs in plain words (AFIR), as the invoice prints it. */
export function tariffWords(cdrs: readonly InvoiceableCdr[], language: string): string[] {
  const seen = new Map<string, Tariff>();
  for (const record of cdrs)
    for (const tariff of record.cdr.tariffs ?? []) seen.set(`${tariff.id}@${tariff.last_updated}`, tariff);
  return [...seen.values()].flatMap((tariff) => {
    const description = describeTariff(tariff, { language });
    return [description.title, ...description.lines];
  });
}

/** The calendar date of `instant` in `zone`: issue dates are local to whoever issues. */
export function localDate(instant: string, zone: string): string {
  return DateTime.fromISO(instant, { zone }).toISODate()!;
}

export interface DraftRequest {
  customer: CustomerRecord;
  cdrs: readonly InvoiceableCdr[];
  issueDate: string;
  servicePeriod?: DatePeriod;
  /** Default: open, by the customer's payment method. */
  payment?: PaymentInfo;
}

export async function draftFor(db: Knex, request: DraftRequest): Promise<UnnumberedInvoiceDraft> {
  const issuer = await requireIssuer(db, request.customer.issuerId);
  return invoiceDraftForSessions({
    issuer,
    customer: request.customer,
    cdrs: request.cdrs,
    issueDate: request.issueDate,
    tariffDescriptions: tariffWords(request.cdrs, request.customer.language),
    ...(request.servicePeriod && { servicePeriod: request.servicePeriod }),
    ...(request.payment && { payment: request.payment }),
  });
}

/** What the issued invoice will total: computed like the invoice itself (the number does not change it). */
export function grossOf(draft: UnnumberedInvoiceDraft): { gross: string; grossMinor: number } {
  const { totals } = computeInvoice({
    ...draft,
    number: 'DRAFT',
    payment: { ...draft.payment, status: 'paid' },
  });
  return { gross: totals.gross, grossMinor: toMinorUnits(totals.gross, draft.currency) };
}

/** The customer an ad hoc session is invoiced to: the one its token belongs to. */
export async function customerOfToken(
  db: Knex,
  tokenUid: string | null,
): Promise<CustomerRecord | undefined> {
  if (!tokenUid) return undefined;
  const token = await findToken(db, tokenUid);
  return token?.customerId ? requireCustomer(db, token.customerId) : undefined;
}
