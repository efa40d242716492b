// Property tests: the totals rules hold for any invoice, and a credit note undoes its invoice.
import fc from 'fast-check';
import { computeInvoice } from '../../src/invoice/computeInvoice';
import { creditNoteFor } from '../../src/invoice/creditNote';
import { Dec } from '../../src/invoice/decimal';
import { minorUnitExponent } from '../../src/money/currency';
import type { Invoice, PricedComponentDraft } from '../../src/invoice/types';
import { draft, session } from './fixtures';

const decimalString = (maxInt: number, scale: number) =>
  fc
    .tuple(fc.integer({ min: 0, max: maxInt }), fc.integer({ min: 0, max: 10 ** scale - 1 }))
    .map(([int, frac]) => `${int}.${String(frac).padStart(scale, '0')}`);

const component: fc.Arbitrary<PricedComponentDraft> = fc.record({
  description: fc.constantFrom('Energy', 'Charging time', 'Idle fee', 'Session fee'),
  quantity: decimalString(200, 4),
  unit: fc.constantFrom('kWh' as const, 'h' as const, 'min' as const, 'session' as const),
  unitPrice: decimalString(5, 5),
  vatRate: fc.constantFrom('19', '7', '21', '20', '5.5', '0'),
});

const invoices = fc
  .record({
    currency: fc.constantFrom('EUR', 'JPY', 'CHF', 'KWD'),
    sessions: fc.array(fc.array(component, { minLength: 1, maxLength: 5 }), { minLength: 1, maxLength: 8 }),
    paid: fc.boolean(),
  })
  .map(({ currency, sessions, paid }) =>
    computeInvoice(
      draft({
        currency,
        lines: sessions.map((components, i) => session(i + 1, components)),
        payment: paid ? { status: 'paid', method: 'card' } : { status: 'open', method: 'bank_transfer' },
      }),
    ),
  );

const total = (values: string[]) => values.reduce((acc, value) => acc.plus(value), new Dec(0));

describe('invoice totals properties', () => {
  it('net = Σ line nets = Σ taxable amounts; VAT = Σ VAT per rate; gross = net + VAT; due = gross − prepaid', () => {
    fc.assert(
      fc.property(invoices, (invoice: Invoice) => {
        const exponent = minorUnitExponent(invoice.currency);
        const { net, vat, gross, prepaid, due } = invoice.totals;
        expect(total(invoice.lines.map((line) => line.netAmount)).eq(net)).toBe(true);
        expect(total(invoice.lines.flatMap((line) => line.components.map((c) => c.netAmount))).eq(net)).toBe(
          true,
        );
        expect(total(invoice.vatBreakdown.map((g) => g.taxableAmount)).eq(net)).toBe(true);
        expect(total(invoice.vatBreakdown.map((g) => g.vatAmount)).eq(vat)).toBe(true);
        expect(new Dec(net).plus(vat).eq(gross)).toBe(true);
        expect(new Dec(gross).minus(prepaid).eq(due)).toBe(true);
        for (const group of invoice.vatBreakdown) {
          const exact = new Dec(group.taxableAmount).times(group.rate).dividedBy(100);
          expect(exact.minus(group.vatAmount).abs().lte(new Dec(10).pow(-exponent).dividedBy(2))).toBe(true);
        }
        for (const amount of [net, vat, gross, prepaid, due])
          expect(new Dec(amount).decimalPlaces()).toBeLessThanOrEqual(exponent);
      }),
      { numRuns: 300 },
    );
  });

  it('a full credit note sums to the negation of its invoice, line by line and in total', () => {
    fc.assert(
      fc.property(invoices, (invoice: Invoice) => {
        const note = computeInvoice(
          creditNoteFor(invoice, { full: true, reason: 'x', number: 'CN', issueDate: '2025-04-02' }),
        );
        for (const key of ['net', 'vat', 'gross', 'prepaid', 'due'] as const) {
          expect(new Dec(note.totals[key]).plus(invoice.totals[key]).isZero()).toBe(true);
        }
        note.lines.forEach((line, i) =>
          expect(new Dec(line.netAmount).plus(invoice.lines[i].netAmount).isZero()).toBe(true),
        );
        note.vatBreakdown.forEach((group, i) =>
          expect(new Dec(group.vatAmount).plus(invoice.vatBreakdown[i].vatAmount).isZero()).toBe(true),
        );
      }),
      { numRuns: 300 },
    );
  });
});
