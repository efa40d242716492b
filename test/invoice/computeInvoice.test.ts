import { computeInvoice } from '../../src/invoice/computeInvoice';
import { InvoiceInputError } from '../../src/invoice/errors';
import {
  businessCustomer,
  consumer,
  draft,
  energy,
  foreignBusiness,
  idleFee,
  session,
  sessionFee,
} from './fixtures';

describe('computeInvoice rounding', () => {
  it('rounds each line once, half up, from the exact product (0.125 → 0.13)', () => {
    const invoice = computeInvoice(draft({ lines: [session(1, [energy('0.25', '0.5')])] }));
    expect(invoice.lines[0].components[0].netAmount).toBe('0.13');
  });

  it('rounds a negative tie away from zero (−0.125 → −0.13)', () => {
    const invoice = computeInvoice(
      draft({
        lines: [session(1, [energy('1', '1'), { ...energy('-0.25', '0.5'), description: 'Discount' }])],
      }),
    );
    expect(invoice.lines[0].components[1].netAmount).toBe('-0.13');
    expect(invoice.totals.net).toBe('0.87');
  });

  it('computes VAT on the sum of rounded line nets, not per line', () => {
    // Seven lines of 0.03 at 19 %: per line VAT would be 7 × round(0.0057) = 0.07; on the sum 0.21 × 19 % = 0.0399 → 0.04.
    const lines = Array.from({ length: 7 }, (_, i) => session(i + 1, [energy('0.1', '0.3')]));
    const invoice = computeInvoice(draft({ lines }));
    expect(invoice.lines.map((line) => line.netAmount)).toEqual(Array(7).fill('0.03'));
    expect(invoice.vatBreakdown).toEqual([
      { category: 'S', rate: '19', taxableAmount: '0.21', vatAmount: '0.04' },
    ]);
    expect(invoice.totals).toEqual({ net: '0.21', vat: '0.04', gross: '0.25', prepaid: '0.00', due: '0.25' });
  });

  it('uses the exact amount from rating when given (time priced on seconds)', () => {
    // 1234 s at 3.00 €/h = 1.028333… €
    const time = {
      description: 'Charging time',
      quantity: '0.3428',
      unit: 'h' as const,
      unitPrice: '3.00',
      vatRate: '19',
    };
    const invoice = computeInvoice(
      draft({ lines: [session(1, [{ ...time, exactAmount: '1.0283333333' }])] }),
    );
    expect(invoice.lines[0].components[0].netAmount).toBe('1.03');
  });

  it('keeps several VAT rates apart and orders them', () => {
    const invoice = computeInvoice(
      draft({
        lines: [
          session(1, [energy('10', '0.39', '19'), sessionFee('2.00', '7')]),
          session(2, [energy('12.345', '0.39', '19'), idleFee('30', '0.05', '7')]),
        ],
      }),
    );
    expect(invoice.vatBreakdown).toEqual([
      { category: 'S', rate: '19', taxableAmount: '8.71', vatAmount: '1.65' },
      { category: 'S', rate: '7', taxableAmount: '3.50', vatAmount: '0.25' },
    ]);
    // 10 × 0.39 = 3.90; 12.345 × 0.39 = 4.81455 → 4.81; VAT 8.71 × 0.19 = 1.6549 → 1.65; 3.50 × 0.07 = 0.245 → 0.25
    expect(invoice.totals).toEqual({
      net: '12.21',
      vat: '1.90',
      gross: '14.11',
      prepaid: '0.00',
      due: '14.11',
    });
  });

  it('treats rate 0 as zero-rated (Z) and exempt lines as E with their reason', () => {
    const invoice = computeInvoice(
      draft({
        lines: [
          session(1, [
            energy('10', '0.30', '0'),
            {
              ...sessionFee('1.50', '0'),
              vatCategory: 'E',
              vatExemptionReason: 'Exempt under §4 Nr. 8 UStG',
            },
          ]),
        ],
      }),
    );
    expect(invoice.vatBreakdown).toEqual([
      { category: 'Z', rate: '0', taxableAmount: '3.00', vatAmount: '0.00' },
      {
        category: 'E',
        rate: '0',
        taxableAmount: '1.50',
        vatAmount: '0.00',
        exemptionReason: 'Exempt under §4 Nr. 8 UStG',
      },
    ]);
    expect(invoice.totals.gross).toBe('4.50');
  });

  it('applies reverse charge (AE) to a cross-border business customer', () => {
    const invoice = computeInvoice(draft({ customer: foreignBusiness, vatTreatment: 'reverse_charge' }));
    expect(invoice.lines[0].components.every((c) => c.vatCategory === 'AE' && c.vatRate === '0')).toBe(true);
    expect(invoice.vatBreakdown).toEqual([
      {
        category: 'AE',
        rate: '0',
        taxableAmount: invoice.totals.net,
        vatAmount: '0.00',
        exemptionReason: 'Reverse charge',
        exemptionReasonCode: 'VATEX-EU-AE',
      },
    ]);
    expect(invoice.totals.gross).toBe(invoice.totals.net);
    expect(invoice.language).toBe('en');
  });

  it('rounds JPY to whole yen', () => {
    const invoice = computeInvoice(
      draft({
        currency: 'JPY',
        lines: [session(1, [energy('12.345', '55', '10'), sessionFee('100', '10')])],
      }),
    );
    // 12.345 × 55 = 678.975 → 679; VAT (679 + 100) × 10 % = 77.9 → 78
    expect(invoice.lines[0].netAmount).toBe('779');
    expect(invoice.totals).toEqual({ net: '779', vat: '78', gross: '857', prepaid: '0', due: '857' });
  });

  it('rounds KWD to three decimals', () => {
    const invoice = computeInvoice(draft({ currency: 'KWD', lines: [session(1, [energy('1.0005', '1')])] }));
    expect(invoice.totals.net).toBe('1.001');
  });

  it('marks a card-paid invoice as prepaid with nothing due', () => {
    const invoice = computeInvoice(
      draft({
        customer: consumer,
        dueDate: undefined,
        payment: { status: 'paid', method: 'card', cardLast4: '4242' },
      }),
    );
    expect(invoice.totals.prepaid).toBe(invoice.totals.gross);
    expect(invoice.totals.due).toBe('0.00');
  });

  it('derives the service period in the invoice zone and fills the payment reference', () => {
    const invoice = computeInvoice(
      draft({
        lines: [
          session(1, [energy('1')], { start: '2025-02-28T23:30:00Z', end: '2025-03-01T00:10:00Z' }),
          session(2, [energy('1')], { start: '2025-03-31T21:30:00Z', end: '2025-03-31T22:30:00Z' }),
        ],
      }),
    );
    expect(invoice.timeZone).toBe('Europe/Berlin');
    // 23:30Z on Feb 28 is 00:30 on Mar 1 in Berlin; 22:30Z on Mar 31 is 00:30 on Apr 1 (CEST).
    expect(invoice.servicePeriod).toEqual({ start: '2025-03-01', end: '2025-04-01' });
    expect(invoice.payment.reference).toBe('VW-2025-000123');
    expect(invoice.references.buyerReference).toBe(businessCustomer.id);
  });
});

describe('computeInvoice input errors', () => {
  function issuesOf(run: () => unknown): string[] {
    try {
      run();
    } catch (error) {
      expect(error).toBeInstanceOf(InvoiceInputError);
      return (error as InvoiceInputError).issues.map((issue) => `${issue.path}: ${issue.message}`);
    }
    throw new Error('expected an InvoiceInputError');
  }

  it('names the JSON path of a malformed amount', () => {
    const bad = draft({ lines: [session(1, [{ ...energy('1'), unitPrice: '0,49' }])] });
    expect(issuesOf(() => computeInvoice(bad))).toEqual([
      'lines[0].components[0].unitPrice: expected a non-negative decimal string',
    ]);
  });

  it('rejects an unknown currency and a misspelled field', () => {
    const bad = { ...draft({ currency: 'EURO' }), vatTreatmnt: 'domestic' } as never;
    const issues = issuesOf(() => computeInvoice(bad));
    expect(issues).toContain('currency: expected an ISO 4217 currency code, e.g. "EUR"');
    expect(issues.some((issue) => issue.includes('vatTreatmnt'))).toBe(true);
  });

  it('rejects a full card number, a session time without offset and an unknown zone, each by path', () => {
    const bad = draft({
      timeZone: 'Europe/Munich',
      payment: { status: 'paid', method: 'card', cardLast4: '4242424242424242' },
      lines: [session(1, [energy('1')], { start: '2025-03-02T09:15:00' })],
    });
    expect(issuesOf(() => computeInvoice(bad))).toEqual([
      'timeZone: expected an IANA time zone, e.g. "Europe/Berlin"',
      'lines[0].start: expected an ISO 8601 instant with offset, e.g. "2025-03-01T10:00:00Z"',
      'payment.cardLast4: expected the last 4 digits only (never a full card number)',
    ]);
  });

  it('requires a due date and an IBAN when an amount is due', () => {
    const bad = draft({ dueDate: undefined, issuer: { ...draft().issuer, iban: undefined } });
    expect(issuesOf(() => computeInvoice(bad))).toEqual([
      'dueDate: an amount is due, so a due date is required (BR-CO-25)',
      'issuer.iban: an amount is due by bank transfer, so the issuer IBAN is required (BR-61)',
    ]);
  });

  it('requires both VAT ids for reverse charge and a reason for exempt lines', () => {
    const rc = draft({ customer: { ...foreignBusiness, vatId: undefined }, vatTreatment: 'reverse_charge' });
    expect(issuesOf(() => computeInvoice(rc))).toEqual([
      'customer.vatId: reverse charge needs the customer VAT id (BR-AE-02)',
    ]);
    const exempt = draft({ lines: [session(1, [{ ...energy('1', '1', '0'), vatCategory: 'E' }])] });
    expect(issuesOf(() => computeInvoice(exempt))).toEqual([
      'lines[0].components[0].vatExemptionReason: exempt (E) lines need an exemption reason (BR-E-10)',
    ]);
  });

  it('rejects a standard-rated line at 0 % and duplicate sessions', () => {
    const bad = draft({
      lines: [session(1, [{ ...energy('1', '1', '0'), vatCategory: 'S' }]), session(1, [energy('1')])],
    });
    expect(issuesOf(() => computeInvoice(bad))).toEqual([
      'lines[0].components[0].vatRate: standard-rated VAT (S) needs a rate above 0 (BR-S-05)',
      'lines[1].id: duplicate session id "S-00001"',
    ]);
  });
});
