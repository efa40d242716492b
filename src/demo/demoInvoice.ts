// The demo's invoice as a person reads it: where the PDF is, what happened to the card payment (said
// as it is: stripe-mock's answers are fixtures, a payment without stripe-mock is not attempted), and
// where the e-mail went. The PDF is copied from the archive, so it is exactly what was e-mailed.
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { pdfFileName } from '../billing/flows/invoiceDocuments';
import { getInvoiceDocument } from '../db/repos/invoiceDocuments';
import { fromMinorUnits } from '../payments/minorUnits';
import type { SessionBillResult } from '../../workflows/billingMessages';

export interface DemoInvoice {
  number: string;
  pdfFile: string;
  /** Lines for the terminal. */
  report: string[];
}

export interface DemoPayments {
  /** The stripe-mock the demo started, or why it could not. */
  stripe: { url: string } | { unavailable: string };
  holdAmount: string;
  /** Where e-mail goes: the SMTP server or the outbox folder. */
  mailDestination: string;
}

function paymentLine(
  bill: Extract<SessionBillResult, { outcome: 'invoiced' }>,
  payments: DemoPayments,
): string {
  const { currency } = bill.invoice;
  if ('unavailable' in payments.stripe) {
    return `Card payment not attempted: stripe-mock is not available (${payments.stripe.unavailable}); the invoice is open for bank transfer.`;
  }
  const card = bill.card;
  if (!card) return 'No card payment: the driver pays by bank transfer.';
  const captured = `${fromMinorUnits(card.capturedMinor, currency)} ${currency}`;
  const at = `at stripe-mock (${payments.stripe.url})`;
  if (card.state === 'failed')
    return `Card payment refused ${at}: ${card.refusals.map((r) => r.message).join('; ')}.`;
  const held = `${payments.holdAmount} ${currency} held at the start, ${captured} captured ${at}`;
  if (card.state === 'paid') return `Card payment: ${held}; paid.`;
  return (
    `Card payment: ${held}. stripe-mock answers with fixture statuses (reported: ${card.state}), ` +
    `never "succeeded", so the invoice stays ${bill.invoice.status} until Stripe confirms the money ` +
    '(webhook payment_intent.succeeded at POST /v1/webhooks/stripe).'
  );
}

function emailLine(
  bill: Extract<SessionBillResult, { outcome: 'invoiced' }>,
  payments: DemoPayments,
): string {
  const { email } = bill;
  switch (email.outcome) {
    case 'sent':
      return email.outboxFile
        ? `E-mail to ${email.recipient} (no SMTP_URL configured): ${email.outboxFile}`
        : `E-mail sent to ${email.recipient} through ${payments.mailDestination}`;
    case 'already_sent':
      return `E-mail to ${email.recipient} was sent before.`;
    case 'no_address':
      return 'No e-mail: the customer has no address.';
    case 'failed':
      return `E-mail to ${email.recipient} failed: ${email.reason}`;
  }
}

/** Writes the archived PDF to `outDir` and describes the bill. */
export async function demoInvoice(
  db: Knex,
  bill: SessionBillResult,
  outDir: string,
  payments: DemoPayments,
): Promise<DemoInvoice | undefined> {
  if (bill.outcome !== 'invoiced') return undefined;
  const { invoice } = bill;
  const pdf = await getInvoiceDocument(db, invoice.invoiceId, 'pdf');
  if (!pdf) throw new Error(`invoice ${invoice.number} has no archived PDF`);
  const pdfFile = path.join(outDir, pdfFileName(invoice.number));
  fs.writeFileSync(pdfFile, pdf.content);
  return {
    number: invoice.number,
    pdfFile,
    report: [
      `Invoice ${invoice.number}: ${invoice.gross} ${invoice.currency} incl. VAT, status ${invoice.status}`,
      `  PDF        ${pdfFile}`,
      `  Payment    ${paymentLine(bill, payments)}`,
      `  E-mail     ${emailLine(bill, payments)}`,
    ],
  };
}
