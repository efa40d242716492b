import { computeInvoice } from '../../src/invoice/computeInvoice';
import { creditNoteFor } from '../../src/invoice/creditNote';
import { InvoiceInputError } from '../../src/invoice/errors';
import { consumer, draft, energy, foreignBusiness, idleFee, session, sessionFee } from './fixtures';

const invoice = computeInvoice(
  draft({
    lines: [
      session(1, [energy('23.456'), sessionFee(), idleFee('7.5')]),
      session(2, [energy('0.25', '0.5'), sessionFee('2.00', '7')]),
    ],
  }),
);

describe('creditNoteFor', () => {
  it('reverses a whole invoice to the exact negation of every amount', () => {
    const note = computeInvoice(
      creditNoteFor(invoice, {
        full: true,
        reason: 'Charger fault',
        number: 'VW-2025-000124',
        issueDate: '2025-04-03',
      }),
    );
    expect(note.kind).toBe('credit_note');
    expect(note.creditedInvoice).toEqual({ number: invoice.number, issueDate: invoice.issueDate });
    expect(note.notes).toEqual(['Charger fault']);
    // 23.456 × 0.49 = 11.49344 → 11.49, + 1.00 + 0.75, + 0.125 → 0.13 at 19 %: 13.37 × 19 % = 2.5403 → 2.54;
    // 2.00 at 7 % → 0.14. Net 15.37, VAT 2.68, gross 18.05.
    expect(invoice.totals).toEqual({
      net: '15.37',
      vat: '2.68',
      gross: '18.05',
      prepaid: '0.00',
      due: '18.05',
    });
    expect(note.totals).toEqual({
      net: '-15.37',
      vat: '-2.68',
      gross: '-18.05',
      prepaid: '0.00',
      due: '-18.05',
    });
    expect(note.vatBreakdown.map((g) => [g.rate, g.taxableAmount, g.vatAmount])).toEqual(
      invoice.vatBreakdown.map((g) => [g.rate, `-${g.taxableAmount}`, `-${g.vatAmount}`]),
    );
    // the 0.125 tie rounds to −0.13 in the credit note, as it rounded to 0.13 in the invoice
    expect(note.lines[1].components[0]).toMatchObject({
      quantity: '-0.25',
      unitPrice: '0.5',
      netAmount: '-0.13',
    });
  });

  it('credits selected sessions only', () => {
    const note = computeInvoice(
      creditNoteFor(invoice, {
        lines: ['S-00002'],
        reason: 'Goodwill',
        number: 'CN-1',
        issueDate: '2025-04-03',
      }),
    );
    expect(note.lines.map((line) => line.id)).toEqual(['S-00002']);
    expect(note.totals.net).toBe(`-${invoice.lines[1].netAmount}`);
  });

  it('refunds to the card when the invoice was paid, and keeps reverse charge', () => {
    const paid = computeInvoice(
      draft({
        customer: consumer,
        dueDate: undefined,
        payment: { status: 'paid', method: 'card', cardLast4: '4242' },
      }),
    );
    const refund = computeInvoice(
      creditNoteFor(paid, { full: true, reason: 'Double charge', number: 'CN-2', issueDate: '2025-04-02' }),
    );
    expect(refund.payment).toMatchObject({ status: 'paid', method: 'card', cardLast4: '4242' });
    expect(refund.totals.due).toBe('0.00');

    const rc = computeInvoice(draft({ customer: foreignBusiness, vatTreatment: 'reverse_charge' }));
    const rcNote = computeInvoice(
      creditNoteFor(rc, { full: true, reason: 'x', number: 'CN-3', issueDate: '2025-04-02' }),
    );
    expect(rcNote.vatBreakdown.map((g) => g.category)).toEqual(['AE']);
    expect(rcNote.totals.gross).toBe(`-${rc.totals.gross}`);
  });

  it('refuses unknown sessions and crediting a credit note', () => {
    expect(() =>
      creditNoteFor(invoice, { lines: ['S-99999'], reason: 'x', number: 'CN-4', issueDate: '2025-04-02' }),
    ).toThrow(/no session S-99999 on the invoice/);
    const note = computeInvoice(
      creditNoteFor(invoice, { full: true, reason: 'x', number: 'CN-5', issueDate: '2025-04-02' }),
    );
    expect(() =>
      creditNoteFor(note, { full: true, reason: 'x', number: 'CN-6', issueDate: '2025-04-02' }),
    ).toThrow(InvoiceInputError);
  });
});
