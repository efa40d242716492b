// computeInvoice: the pure core that turns a draft into an invoice whose amounts obey the
// rounding policy in README.md and the EN 16931 business rules. No I/O, no clock.
import { Dec, moneyString, roundToMinorUnits, sum, ZERO } from './decimal';
import { parseInvoiceDraft } from './draftSchema';
import { localDate } from './format';
import { instantMs } from './localTime';
import { InvoiceInputError, type InputIssue } from './errors';
import type {
  DatePeriod,
  Invoice,
  InvoiceDraft,
  PricedComponent,
  PricedComponentDraft,
  SessionLine,
  SessionLineDraft,
  VatCategory,
  VatTreatment,
} from './types';
import { vatBreakdown } from './vatBreakdown';

export function computeInvoice(input: InvoiceDraft): Invoice {
  const draft = parseInvoiceDraft(input);
  const { currency } = draft;
  const vatTreatment = draft.vatTreatment ?? 'domestic';
  const timeZone = draft.timeZone ?? draft.customer.timeZone ?? draft.issuer.timeZone ?? 'UTC';
  const issues: InputIssue[] = [];

  const lines = draft.lines.map((line, index) => priceSession(line, index, vatTreatment, currency, issues));
  const components = lines.flatMap((line) => line.components);
  const breakdown = vatBreakdown(components, currency);

  const net = sum(lines.map((line) => new Dec(line.netAmount)));
  const vat = sum(breakdown.map((group) => new Dec(group.vatAmount)));
  const gross = net.plus(vat);
  const prepaid = draft.payment.status === 'paid' ? gross : ZERO;
  const due = gross.minus(prepaid);

  checkParties(draft, new Set(components.map((c) => c.vatCategory)), issues);
  checkDocument(draft, lines, due, issues);
  if (issues.length > 0)
    throw new InvoiceInputError(`invoice ${draft.number} breaks an invoice rule`, issues);

  return {
    kind: draft.kind,
    number: draft.number,
    ...(draft.series !== undefined && { series: draft.series }),
    issueDate: draft.issueDate,
    ...(draft.dueDate !== undefined && { dueDate: draft.dueDate }),
    ...(draft.taxPointDate !== undefined && { taxPointDate: draft.taxPointDate }),
    servicePeriod: draft.servicePeriod ?? servicePeriodOf(lines, timeZone),
    currency,
    timeZone,
    language: draft.customer.language ?? draft.issuer.language ?? 'en',
    issuer: draft.issuer,
    customer: draft.customer,
    vatTreatment,
    lines,
    vatBreakdown: breakdown,
    totals: {
      net: moneyString(net, currency),
      vat: moneyString(vat, currency),
      gross: moneyString(gross, currency),
      prepaid: moneyString(prepaid, currency),
      due: moneyString(due, currency),
    },
    payment: { ...draft.payment, reference: draft.payment.reference ?? draft.number },
    references: {
      ...draft.references,
      buyerReference:
        draft.references?.buyerReference ?? draft.customer.id ?? draft.references?.contractId ?? draft.number,
    },
    ...(draft.creditedInvoice !== undefined && { creditedInvoice: draft.creditedInvoice }),
    ...(draft.selfBilled && { selfBilled: true }),
    notes: draft.notes ?? [],
    tariffSummary: draft.tariffSummary ?? [],
  };
}

function priceSession(
  line: SessionLineDraft,
  index: number,
  treatment: VatTreatment,
  currency: string,
  issues: InputIssue[],
): SessionLine {
  const path = `lines[${index}]`;
  if (instantMs(line.end) < instantMs(line.start)) {
    issues.push({
      path: `${path}.end`,
      message: `session ends (${line.end}) before it starts (${line.start})`,
    });
  }
  const components = line.components.map((component, j) =>
    priceComponent(
      component,
      `${index + 1}.${j + 1}`,
      `${path}.components[${j}]`,
      treatment,
      currency,
      issues,
    ),
  );
  const netAmount = sum(components.map((component) => new Dec(component.netAmount)));
  return { ...line, components, netAmount: moneyString(netAmount, currency) };
}

/** The one rounding of a line: exact amount (quantity × unit price unless given) to minor units, ROUND_HALF_UP. */
function priceComponent(
  component: PricedComponentDraft,
  lineId: string,
  path: string,
  treatment: VatTreatment,
  currency: string,
  issues: InputIssue[],
): PricedComponent {
  const exact = component.exactAmount ?? new Dec(component.quantity).times(component.unitPrice);
  const netAmount = moneyString(roundToMinorUnits(new Dec(exact), currency), currency);
  const reverseCharge = treatment === 'reverse_charge';
  const vatRate = reverseCharge ? '0' : new Dec(component.vatRate).toString();
  const vatCategory: VatCategory = reverseCharge
    ? 'AE'
    : (component.vatCategory ?? (new Dec(vatRate).isZero() ? 'Z' : 'S'));

  if (vatCategory === 'S' && new Dec(vatRate).isZero()) {
    issues.push({
      path: `${path}.vatRate`,
      message: 'standard-rated VAT (S) needs a rate above 0 (BR-S-05)',
    });
  }
  if (vatCategory !== 'S' && !new Dec(vatRate).isZero()) {
    issues.push({ path: `${path}.vatRate`, message: `VAT category ${vatCategory} requires rate 0` });
  }
  if (vatCategory === 'E' && !component.vatExemptionReason) {
    issues.push({
      path: `${path}.vatExemptionReason`,
      message: 'exempt (E) lines need an exemption reason (BR-E-10)',
    });
  }
  if ((vatCategory === 'S' || vatCategory === 'Z') && component.vatExemptionReason) {
    issues.push({
      path: `${path}.vatExemptionReason`,
      message: `category ${vatCategory} takes no exemption reason`,
    });
  }
  const { vatExemptionReason, ...rest } = component;
  return {
    ...rest,
    ...(vatCategory === 'E' && { vatExemptionReason }),
    vatRate,
    vatCategory,
    lineId,
    netAmount,
  };
}

function checkParties(draft: InvoiceDraft, categories: Set<VatCategory>, issues: InputIssue[]): void {
  const { issuer, customer } = draft;
  const taxed = categories.has('S') || categories.has('Z') || categories.has('E');
  if (taxed && !issuer.vatId && !issuer.taxRegistration) {
    issues.push({ path: 'issuer.vatId', message: 'the issuer needs a VAT id or tax registration (BR-S-02)' });
  }
  if (categories.has('AE')) {
    if (!issuer.vatId)
      issues.push({ path: 'issuer.vatId', message: 'reverse charge needs the issuer VAT id (BR-AE-02)' });
    if (!customer.vatId) {
      issues.push({ path: 'customer.vatId', message: 'reverse charge needs the customer VAT id (BR-AE-02)' });
    }
    if (customer.kind !== 'business') {
      issues.push({ path: 'customer.kind', message: 'reverse charge applies to business customers only' });
    }
  }
}

function checkDocument(draft: InvoiceDraft, lines: SessionLine[], due: Dec, issues: InputIssue[]): void {
  const seen = new Set<string>();
  lines.forEach((line, index) => {
    if (seen.has(line.id))
      issues.push({ path: `lines[${index}].id`, message: `duplicate session id "${line.id}"` });
    seen.add(line.id);
  });
  if (draft.kind === 'credit_note' && !draft.creditedInvoice) {
    issues.push({
      path: 'creditedInvoice',
      message: 'a credit note must reference the credited invoice (BT-25)',
    });
  }
  if (draft.kind === 'invoice' && draft.creditedInvoice) {
    issues.push({ path: 'creditedInvoice', message: 'only a credit note references a credited invoice' });
  }
  if (due.isPositive() && !due.isZero()) {
    if (!draft.dueDate)
      issues.push({ path: 'dueDate', message: 'an amount is due, so a due date is required (BR-CO-25)' });
    if (!draft.issuer.iban) {
      issues.push({
        path: 'issuer.iban',
        message: 'an amount is due by bank transfer, so the issuer IBAN is required (BR-61)',
      });
    }
  }
  if (draft.dueDate && draft.dueDate < draft.issueDate) {
    issues.push({
      path: 'dueDate',
      message: `due date ${draft.dueDate} is before the issue date ${draft.issueDate}`,
    });
  }
  if (draft.servicePeriod && draft.servicePeriod.end < draft.servicePeriod.start) {
    issues.push({ path: 'servicePeriod.end', message: 'the service period ends before it starts (BR-29)' });
  }
}

/** First session start to last session end, as calendar dates in the invoice's zone. */
function servicePeriodOf(lines: readonly SessionLine[], timeZone: string): DatePeriod {
  const dates = lines.flatMap((line) => [line.start, line.end]).map((iso) => localDate(iso, timeZone));
  dates.sort();
  return { start: dates[0], end: dates[dates.length - 1] };
}
