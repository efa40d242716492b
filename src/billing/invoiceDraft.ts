// invoiceDraftForSessions: rated CDRs of one customer → a src/invoice draft (everything but the number,
// which only the issuing transaction hands out). Pure: no I/O, no clock.
import { DateTime } from 'luxon';
import type { CustomerRecord } from '../db/repos/customers';
import type { IssuerRecord } from '../db/repos/issuers';
import type { InputIssue } from '../invoice/errors';
import type {
  DatePeriod,
  InvoiceDraft,
  InvoiceReferences,
  PaymentInfo,
  SessionLineDraft,
  SignedMeterData,
} from '../invoice/types';
import { BillingInputError } from './errors';
import { customerParty, issuerParty } from './parties';
import { sessionLineOf, type InvoiceableCdr } from './sessionLine';

/** A draft without number and series: issueInvoice assigns them. */
export type UnnumberedInvoiceDraft = Omit<InvoiceDraft, 'number' | 'series'>;

export interface SessionsDraftInput {
  issuer: IssuerRecord;
  customer: CustomerRecord;
  /** Rated CDRs (with their rating breakdown), all in one currency. */
  cdrs: readonly InvoiceableCdr[];
  /** YYYY-MM-DD. */
  issueDate: string;
  /** AFIR plain-words tariff text (src/tariff describeTariff lines), printed as given. */
  tariffDescriptions?: readonly string[];
  /** Signed meter data by CDR id; default: read from each CDR's signed_data. */
  signedMeterData?: Readonly<Record<string, SignedMeterData>>;
  /** Default: first session start to last session end in the customer's time zone. */
  servicePeriod?: DatePeriod;
  /** Default: open, by the customer's payment method. */
  payment?: PaymentInfo;
  references?: InvoiceReferences;
  notes?: string[];
}

function commonContractId(cdrs: readonly InvoiceableCdr[]): string | undefined {
  const ids = new Set(cdrs.map((record) => record.cdr.cdr_token?.contract_id));
  const [only] = ids;
  return ids.size === 1 && only ? only : undefined;
}

function checkBatch(input: SessionsDraftInput, issues: InputIssue[]): void {
  const { cdrs } = input;
  if (cdrs.length === 0) issues.push({ path: 'cdrs', message: 'no CDRs to invoice' });
  const seen = new Set<string>();
  cdrs.forEach((record, i) => {
    if (seen.has(record.id))
      issues.push({ path: `cdrs[${i}].id`, message: `CDR ${record.id} is given twice` });
    seen.add(record.id);
    if (record.credit)
      issues.push({ path: `cdrs[${i}].credit`, message: `CDR ${record.id} is a credit CDR` });
    if (record.currency !== cdrs[0].currency) {
      issues.push({
        path: `cdrs[${i}].currency`,
        message: `CDR ${record.id} is in ${record.currency}, the first in ${cdrs[0].currency}: one currency per invoice`,
      });
    }
  });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.issueDate) || !DateTime.fromISO(input.issueDate).isValid) {
    issues.push({
      path: 'issueDate',
      message: `expected YYYY-MM-DD, got ${JSON.stringify(input.issueDate)}`,
    });
  }
}

export function invoiceDraftForSessions(input: SessionsDraftInput): UnnumberedInvoiceDraft {
  const { issuer, customer } = input;
  const issues: InputIssue[] = [];
  checkBatch(input, issues);
  const lines: SessionLineDraft[] = [];
  input.cdrs.forEach((record, i) => {
    const result = sessionLineOf(record, customer.language, `cdrs[${i}]`, input.signedMeterData?.[record.id]);
    if ('issues' in result) issues.push(...result.issues);
    else lines.push(result.line);
  });
  if (issues.length > 0) throw new BillingInputError(`cannot invoice customer ${customer.id}`, issues);

  lines.sort((a, b) => Date.parse(a.start) - Date.parse(b.start) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const payment: PaymentInfo = input.payment ?? { status: 'open', method: customer.paymentMethod };
  const dueDate =
    payment.status === 'paid'
      ? undefined
      : DateTime.fromISO(input.issueDate).plus({ days: issuer.paymentTermsDays }).toISODate()!;
  const contractId = commonContractId(input.cdrs);
  const references: InvoiceReferences = {
    ...(contractId && { contractId }),
    ...(customer.buyerReference && { buyerReference: customer.buyerReference }),
    ...input.references,
  };
  return {
    kind: 'invoice',
    issueDate: input.issueDate,
    ...(dueDate && { dueDate }),
    ...(input.servicePeriod && { servicePeriod: input.servicePeriod }),
    currency: input.cdrs[0].currency.toUpperCase(),
    timeZone: customer.timeZone,
    issuer: issuerParty(issuer),
    customer: customerParty(customer),
    vatTreatment: customer.vatTreatment,
    lines,
    payment,
    ...(Object.keys(references).length > 0 && { references }),
    ...(input.notes?.length && { notes: input.notes }),
    ...(input.tariffDescriptions?.length && { tariffSummary: [...input.tariffDescriptions] }),
  };
}
