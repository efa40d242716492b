// Credit notes: partial then the rest, their own gapless series, exact negation of the credited
// sessions, the invoice's status, CDR links per kind, and refusals that name what is wrong.
import {
  BillingInputError,
  IdempotencyConflictError,
  issueCreditNote,
  issueInvoice,
} from '../../src/billing';
import { getInvoiceById, invoiceCdrLinks, type CdrRecord, type InvoiceRecord } from '../../src/db';
import { Dec } from '../../src/invoice/decimal';
import { useTestDatabase } from '../helpers/db';
import { draftFor, driver, monthOfSessions, seedParties, storeSessions } from './fixtures';

describe('issueCreditNote', () => {
  const t = useTestDatabase();
  let cdrs: CdrRecord[];
  let invoice: InvoiceRecord;

  beforeAll(async () => {
    await seedParties(t.db);
    cdrs = await storeSessions(t.db, monthOfSessions(driver.id, 6, 7));
    const draft = await draftFor(t.db, driver.id, cdrs.slice(0, 4), {
      payment: { status: 'paid', method: 'card', cardLast4: '4242' },
    });
    invoice = (
      await issueInvoice(t.db, {
        issuerId: 'voltwerk',
        customerId: driver.id,
        draft,
        idempotencyKey: 'run:C-20001:2026-03',
      })
    ).record;
  });

  it('credits some sessions: numbered in the CN series, exact negation of those sessions, invoice partially credited', async () => {
    const [first, second] = invoice.invoice.lines;
    const { record: note, created } = await issueCreditNote(t.db, {
      invoiceNumber: invoice.number,
      lines: [second.id],
      reason: 'Charger fault: session billed in error',
      issueDate: '2026-04-03',
      idempotencyKey: 'credit:1',
    });
    expect(created).toBe(true);
    expect(note).toMatchObject({
      kind: 'credit_note',
      series: 'CN',
      number: 'CN-2026-000001',
      creditedInvoiceId: invoice.id,
      status: 'paid',
    });
    expect(note.invoice.creditedInvoice).toEqual({ number: invoice.number, issueDate: '2026-04-01' });
    expect(note.invoice.notes).toEqual(['Charger fault: session billed in error']);
    expect(note.invoice.lines.map((line) => line.id)).toEqual([second.id]);
    expect(note.invoice.lines[0].netAmount).toBe(new Dec(second.netAmount).negated().toFixed(2));
    expect(new Dec(note.totals.net).isNegative()).toBe(true);
    expect((await getInvoiceById(t.db, invoice.id))!.status).toBe('partially_credited');
    expect(await invoiceCdrLinks(t.db, note.id)).toEqual([{ cdrId: second.cdrId, lineId: second.id }]);
    expect(first.id).not.toBe(second.id);
  });

  it('refuses sessions that are already credited or not on the invoice, naming them', async () => {
    const [, second] = invoice.invoice.lines;
    const error = await issueCreditNote(t.db, {
      invoiceNumber: invoice.number,
      lines: [second.id, 'NO-SUCH-SESSION'],
      reason: 'again',
      issueDate: '2026-04-04',
      idempotencyKey: 'credit:bad',
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(BillingInputError);
    expect((error as BillingInputError).issues).toEqual([
      { path: 'lines[0]', message: `session ${second.id} of ${invoice.number} is already credited` },
      { path: 'lines[1]', message: `no session NO-SUCH-SESSION on ${invoice.number}` },
    ]);
    await expect(
      issueCreditNote(t.db, {
        invoiceNumber: 'INV-1999-000001',
        full: true,
        reason: 'x',
        issueDate: '2026-04-04',
        idempotencyKey: 'credit:none',
      }),
    ).rejects.toThrow('invoiceNumber: no invoice INV-1999-000001');
  });

  it('credits the rest in full: the invoice is credited, both notes add up to the exact negation', async () => {
    const { record: rest } = await issueCreditNote(t.db, {
      invoiceNumber: invoice.number,
      full: true,
      reason: 'Contract cancelled',
      issueDate: '2026-04-05',
      idempotencyKey: 'credit:2',
    });
    expect(rest.number).toBe('CN-2026-000002');
    expect(rest.invoice.lines).toHaveLength(3);
    expect((await getInvoiceById(t.db, invoice.id))!.status).toBe('credited');
    const notes = await t
      .db('invoices')
      .where({ credited_invoice_id: invoice.id })
      .select('total_net', 'total_gross');
    const net = notes.reduce((sum: Dec, row: { total_net: string }) => sum.plus(row.total_net), new Dec(0));
    // Per-session amounts negate exactly; VAT is per document, so compare the nets.
    expect(net.negated().toFixed(2)).toBe(invoice.totals.net);
    const linked = await t
      .db('invoice_cdrs')
      .where({ kind: 'credit_note' })
      .orderBy('cdr_id')
      .pluck('cdr_id');
    expect(linked).toEqual(
      cdrs
        .slice(0, 4)
        .map((cdr) => cdr.id)
        .sort(),
    );

    await expect(
      issueCreditNote(t.db, {
        invoiceNumber: invoice.number,
        full: true,
        reason: 'x',
        issueDate: '2026-04-06',
        idempotencyKey: 'credit:3',
      }),
    ).rejects.toThrow(`${invoice.number} is already fully credited`);
    await expect(
      issueCreditNote(t.db, {
        invoiceNumber: rest.number,
        full: true,
        reason: 'x',
        issueDate: '2026-04-06',
        idempotencyKey: 'credit:4',
      }),
    ).rejects.toThrow(`${rest.number} is a credit note`);
  });

  it('is idempotent on its key, and the invoice series was not touched', async () => {
    const again = await issueCreditNote(t.db, {
      invoiceNumber: invoice.number,
      full: true,
      reason: 'Contract cancelled',
      issueDate: '2026-04-05',
      idempotencyKey: 'credit:2',
    });
    expect(again).toMatchObject({ created: false, record: { number: 'CN-2026-000002' } });
    await expect(
      issueCreditNote(t.db, {
        invoiceNumber: invoice.number,
        full: true,
        reason: 'Other reason',
        issueDate: '2026-04-05',
        idempotencyKey: 'credit:2',
      }),
    ).rejects.toThrow(IdempotencyConflictError);
    const counters = await t
      .db('invoice_number_counters')
      .orderBy('series')
      .select('series', 'next_sequence');
    expect(counters).toEqual([
      { series: 'CN', next_sequence: 3 },
      { series: 'INV', next_sequence: 2 },
    ]);
  });
});
