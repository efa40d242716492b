// Credit notes: a draft that reverses all or some sessions of an issued invoice. Quantities and
// exact amounts are negated (unit prices stay positive, BR-27), so after computeInvoice every
// amount of a full credit note is the exact negation of the invoice's (ROUND_HALF_UP is symmetric).
import { Dec } from './decimal';
import { InvoiceInputError } from './errors';
import type {
  Invoice,
  InvoiceDraft,
  PaymentInfo,
  PricedComponent,
  PricedComponentDraft,
  SessionLine,
} from './types';

export type CreditNoteScope = { full: true } | { lines: readonly string[] };

export type CreditNoteRequest = CreditNoteScope & {
  /** Why the invoice is corrected; printed and carried as the first note. */
  reason: string;
  /** The credit note's own number and issue date (from the same gapless numbering). */
  number: string;
  issueDate: string;
  series?: string;
  /** Default: refunded to the card when the invoice was paid, otherwise offset against the open invoice. */
  payment?: PaymentInfo;
};

export function creditNoteFor(invoice: Invoice, request: CreditNoteRequest): InvoiceDraft {
  if (invoice.kind !== 'invoice') {
    throw new InvoiceInputError('cannot credit', [
      { path: 'kind', message: `${invoice.number} is already a credit note` },
    ]);
  }
  const lines = 'full' in request ? invoice.lines : selectLines(invoice.lines, request.lines);
  return {
    kind: 'credit_note',
    number: request.number,
    ...(request.series !== undefined && { series: request.series }),
    issueDate: request.issueDate,
    currency: invoice.currency,
    timeZone: invoice.timeZone,
    issuer: invoice.issuer,
    customer: invoice.customer,
    vatTreatment: invoice.vatTreatment,
    lines: lines.map(({ netAmount: _net, components, ...line }) => ({
      ...line,
      components: components.map(negatedComponent),
    })),
    payment: request.payment ?? {
      ...invoice.payment,
      status: invoice.payment.status === 'paid' ? 'paid' : 'open',
    },
    references: invoice.references,
    creditedInvoice: { number: invoice.number, issueDate: invoice.issueDate },
    notes: [request.reason],
    tariffSummary: invoice.tariffSummary,
  };
}

function selectLines(lines: readonly SessionLine[], ids: readonly string[]): SessionLine[] {
  const unknown = ids.filter((id) => !lines.some((line) => line.id === id));
  if (ids.length === 0 || unknown.length > 0) {
    throw new InvoiceInputError('cannot credit', [
      {
        path: 'lines',
        message: ids.length === 0 ? 'no session selected' : `no session ${unknown.join(', ')} on the invoice`,
      },
    ]);
  }
  return lines.filter((line) => ids.includes(line.id));
}

function negatedComponent(component: PricedComponent): PricedComponentDraft {
  const { lineId: _id, netAmount: _net, exactAmount, ...rest } = component;
  return {
    ...rest,
    quantity: new Dec(component.quantity).negated().toString(),
    ...(exactAmount !== undefined && { exactAmount: new Dec(exactAmount).negated().toString() }),
  };
}
