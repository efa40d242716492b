// Sending an issued document to its customer with the archived PDF attached, never twice: the delivery
// row (invoice, recipient) is claimed before sending and marked sent after; a sent one is skipped. A
// temporary failure (connection, 4xx, outbox folder) is recorded and thrown, so Temporal retries it; a
// permanent one (mailbox refused, bad configuration) is recorded and returned for a person to look at.
import type { Knex } from 'knex';
import { requireCustomer } from '../../db/repos/customers';
import {
  beginEmailAttempt,
  markEmailFailed,
  markEmailSent,
  queueEmailDelivery,
} from '../../db/repos/emailDeliveries';
import { requireIssuer } from '../../db/repos/issuers';
import { composeInvoiceEmail } from '../../mail/invoiceEmail';
import type { Mailer } from '../../mail/mailer';
import { sendInvoiceEmail } from '../../mail/sendInvoiceEmail';
import { invoicePdf } from '../invoicePdf';
import { pdfFileName, requireInvoice } from './invoiceDocuments';

export type EmailOutcome =
  | { outcome: 'sent'; recipient: string; messageId: string; attempts: number; outboxFile?: string }
  | { outcome: 'already_sent'; recipient: string }
  | { outcome: 'no_address' }
  | { outcome: 'failed'; recipient: string; reason: string };

/** A temporary delivery failure, recorded on the delivery row; thrown so Temporal retries. */
export class MailDeferredError extends Error {
  override name = 'MailDeferredError';
}

export async function emailInvoice(db: Knex, mailer: Mailer, invoiceId: string): Promise<EmailOutcome> {
  const invoice = await requireInvoice(db, invoiceId);
  const customer = await requireCustomer(db, invoice.customerId);
  if (!customer.email) return { outcome: 'no_address' };
  const issuer = await requireIssuer(db, invoice.issuerId);
  const delivery = await queueEmailDelivery(db, invoice.id, customer.email);
  const attempt = await beginEmailAttempt(db, delivery.id);
  if (!attempt) return { outcome: 'already_sent', recipient: delivery.recipient };
  if (!issuer.email) {
    const reason = `configuration: issuer ${issuer.id} has no e-mail address to send from`;
    await markEmailFailed(db, delivery.id, reason);
    return { outcome: 'failed', recipient: delivery.recipient, reason };
  }

  const email = composeInvoiceEmail({
    invoiceNumber: invoice.number,
    issuer: { name: issuer.name, email: issuer.email },
    customer: { name: customer.name, email: customer.email },
    language: customer.language,
    total: invoice.totals.gross.replace(/^-/, ''),
    currency: invoice.currency,
    pdf: await invoicePdf(db, invoice),
    pdfFilename: pdfFileName(invoice.number),
  });
  const result = await sendInvoiceEmail(mailer, email);
  if (result.ok) {
    await markEmailSent(db, delivery.id, result.receipt.messageId);
    return {
      outcome: 'sent',
      recipient: delivery.recipient,
      messageId: result.receipt.messageId,
      attempts: attempt.attempts,
      ...(result.receipt.outboxFile && { outboxFile: result.receipt.outboxFile }),
    };
  }
  await markEmailFailed(db, delivery.id, result.failure.message);
  if (result.failure.retryable)
    throw new MailDeferredError(`${result.failure.kind}: ${result.failure.message}`);
  return {
    outcome: 'failed',
    recipient: delivery.recipient,
    reason: `${result.failure.kind}: ${result.failure.message}`,
  };
}
