// issueCreditNote: corrects an issued invoice in full or for some sessions. The credit note is
// numbered in the issuer's credit-note series, references the invoice (BT-25), covers the credited
// sessions' CDRs, and sets the invoice's status to credited or partially_credited, all in one
// transaction that holds the invoice's row lock (two credit notes of one invoice never overlap).
import type { Knex } from 'knex';
import { requireIssuer } from '../db/repos/issuers';
import {
  creditNotesOf,
  getInvoiceByNumber,
  lockInvoice,
  setInvoiceStatus,
  type InvoiceRecord,
} from '../db/repos/invoices';
import { creditNoteFor } from '../invoice/creditNote';
import type { InputIssue } from '../invoice/errors';
import type { PaymentInfo } from '../invoice/types';
import { BillingInputError } from './errors';
import { initialStatus, issueDocument, type IssuedDocument } from './issueDocument';

/** full: every session not credited yet; lines: these session line ids. */
export type CreditScope = { full: true } | { lines: readonly string[] };

export type CreditNoteInput = CreditScope & {
  invoiceNumber: string;
  /** Needed only when several issuers use the same number. */
  issuerId?: string;
  /** Printed on the credit note. */
  reason: string;
  /** YYYY-MM-DD. */
  issueDate: string;
  idempotencyKey: string;
  /** Default: refunded when the invoice was paid, otherwise offset against it (src/invoice creditNoteFor). */
  payment?: PaymentInfo;
};

/** Session line ids of the invoice already on one of its credit notes. */
async function creditedLineIds(trx: Knex.Transaction, invoice: InvoiceRecord): Promise<Set<string>> {
  const notes = await creditNotesOf(trx, invoice.id);
  return new Set(notes.flatMap((note) => note.invoice.lines.map((line) => line.id)));
}

function selectedLines(invoice: InvoiceRecord, scope: CreditScope, credited: ReadonlySet<string>): string[] {
  const all = invoice.invoice.lines.map((line) => line.id);
  if ('full' in scope) {
    const remaining = all.filter((id) => !credited.has(id));
    if (remaining.length === 0) {
      throw new BillingInputError('cannot credit', [
        { path: 'invoiceNumber', message: `${invoice.number} is already fully credited` },
      ]);
    }
    return remaining;
  }
  const issues: InputIssue[] = [];
  if (scope.lines.length === 0) issues.push({ path: 'lines', message: 'no session selected' });
  scope.lines.forEach((id, i) => {
    if (!all.includes(id))
      issues.push({ path: `lines[${i}]`, message: `no session ${id} on ${invoice.number}` });
    else if (credited.has(id))
      issues.push({ path: `lines[${i}]`, message: `session ${id} of ${invoice.number} is already credited` });
    if (scope.lines.indexOf(id) !== i)
      issues.push({ path: `lines[${i}]`, message: `session ${id} is given twice` });
  });
  if (issues.length > 0) throw new BillingInputError('cannot credit', issues);
  return [...scope.lines];
}

export async function issueCreditNote(db: Knex, input: CreditNoteInput): Promise<IssuedDocument> {
  const original = await getInvoiceByNumber(db, input.invoiceNumber, input.issuerId);
  if (!original) {
    throw new BillingInputError('cannot credit', [
      { path: 'invoiceNumber', message: `no invoice ${input.invoiceNumber}` },
    ]);
  }
  if (original.kind !== 'invoice') {
    throw new BillingInputError('cannot credit', [
      { path: 'invoiceNumber', message: `${original.number} is a credit note` },
    ]);
  }
  const issuer = await requireIssuer(db, original.issuerId);
  const { idempotencyKey, ...request } = input;
  return issueDocument(db, {
    issuer,
    idempotencyKey,
    request: { ...request, issuerId: original.issuerId },
    plan: async (trx) => {
      const invoice = await lockInvoice(trx, original.id);
      const credited = await creditedLineIds(trx, invoice);
      const lines = selectedLines(invoice, input, credited);
      const {
        number: _placeholder,
        series: _series,
        ...draft
      } = creditNoteFor(invoice.invoice, {
        lines,
        reason: input.reason,
        number: 'unnumbered',
        issueDate: input.issueDate,
        ...(input.payment && { payment: input.payment }),
      });
      const fully = invoice.invoice.lines.every((line) => credited.has(line.id) || lines.includes(line.id));
      return {
        draft,
        customerId: invoice.customerId,
        creditedInvoiceId: invoice.id,
        status: initialStatus(draft.payment.status),
        afterInsert: async (tx) => {
          await setInvoiceStatus(tx, invoice.id, fully ? 'credited' : 'partially_credited');
        },
      };
    },
  });
}
