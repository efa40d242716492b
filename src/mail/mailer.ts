// Where e-mail goes: an SMTP server when SMTP_URL is set, otherwise .eml files in the outbox folder
// (out/outbox/), so a fresh clone sends invoices somewhere a person can open them.
import path from 'node:path';
import nodemailer, { type SendMailOptions } from 'nodemailer';
import type { OutgoingEmail } from './invoiceEmail';
import { outboxTransport } from './outboxTransport';

export interface MailSettings {
  /** SMTP_URL, e.g. smtp://127.0.0.1:2525 or smtps://user:pass@mail.example:465 */
  smtpUrl: string | undefined;
  /** The output folder (CHARGELEDGER_OUT_DIR, default out/); the outbox is its outbox/ subfolder. */
  outDir: string;
}

export interface DeliveryReceipt {
  messageId: string;
  /** Recipients the server (or the outbox) took. */
  accepted: string[];
  rejected: string[];
  /** The server's final reply, e.g. "250 OK: message queued". */
  response: string;
  /** The .eml file, for the outbox transport. */
  outboxFile: string | undefined;
}

export interface Mailer {
  /** Where messages go, for logs and the demo: the SMTP URL without credentials, or the outbox folder. */
  readonly destination: string;
  /** Throws nodemailer's error on failure; sendInvoiceEmail turns it into a MailFailure. */
  send(email: OutgoingEmail): Promise<DeliveryReceipt>;
  close(): void;
}

const SMTP_TIMEOUTS = { connectionTimeout: 10_000, greetingTimeout: 10_000, socketTimeout: 60_000 };

export function createMailer(settings: MailSettings): Mailer {
  if (settings.smtpUrl) return smtpMailer(settings.smtpUrl);
  const dir = path.join(settings.outDir, 'outbox');
  const transporter = nodemailer.createTransport(outboxTransport(dir));
  return {
    destination: dir,
    async send(email) {
      const info = await transporter.sendMail(toNodemailer(email));
      return { ...receiptOf(info), outboxFile: info.file };
    },
    close: () => transporter.close(),
  };
}

function smtpMailer(smtpUrl: string): Mailer {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new Error(`SMTP_URL "${smtpUrl}" is not a URL (expected e.g. smtp://127.0.0.1:2525)`);
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error(`SMTP_URL must start with smtp:// or smtps://, got "${url.protocol}//"`);
  }
  const transporter = nodemailer.createTransport({ url: smtpUrl, ...SMTP_TIMEOUTS });
  return {
    destination: `${url.protocol}//${url.host}`,
    async send(email) {
      return { ...receiptOf(await transporter.sendMail(toNodemailer(email))), outboxFile: undefined };
    },
    close: () => transporter.close(),
  };
}

function toNodemailer(email: OutgoingEmail): SendMailOptions {
  return {
    messageId: email.messageId,
    from: email.from,
    to: email.to,
    subject: email.subject,
    text: email.text,
    html: email.html,
    attachments: email.attachments.map((a) => ({
      filename: a.filename,
      content: a.content,
      contentType: a.contentType,
    })),
  };
}

function receiptOf(info: {
  messageId: string;
  accepted?: unknown[];
  rejected?: unknown[];
  response?: string;
}): Omit<DeliveryReceipt, 'outboxFile'> {
  const addresses = (list: unknown[] | undefined) =>
    (list ?? []).map((entry) => (typeof entry === 'string' ? entry : (entry as { address: string }).address));
  return {
    messageId: info.messageId,
    accepted: addresses(info.accepted),
    rejected: addresses(info.rejected),
    response: info.response ?? '',
  };
}
