// Sends an invoice e-mail and says, on failure, whether trying again can help: a Temporal activity
// rethrows retryable failures and records final ones (the address is refused for good) on the invoice.
import type { NodemailerError } from 'nodemailer';
import type { OutgoingEmail } from './invoiceEmail';
import type { DeliveryReceipt, Mailer } from './mailer';

export type MailFailure = {
  message: string;
  /** The SMTP reply code, when the server answered (451, 550, ...). */
  responseCode?: number;
  /** The server's reply text. */
  response?: string;
} & (
  | {
      retryable: true;
      /** connection: the server could not be reached or dropped us; deferred: a 4xx reply; outbox: the folder could not be written. */
      kind: 'connection' | 'deferred' | 'outbox';
    }
  | {
      retryable: false;
      /** rejected: a permanent 5xx reply (unknown mailbox, refused content); configuration: credentials, TLS or settings. */
      kind: 'rejected' | 'configuration';
    }
);

export type MailResult = { ok: true; receipt: DeliveryReceipt } | { ok: false; failure: MailFailure };

/**
 * `messageId` overrides the message's own (derived from the invoice number); pass one only for a
 * deliberate resend that must not look like a duplicate.
 */
export async function sendInvoiceEmail(
  mailer: Mailer,
  email: OutgoingEmail,
  options: { messageId?: string } = {},
): Promise<MailResult> {
  try {
    return {
      ok: true,
      receipt: await mailer.send({ ...email, messageId: options.messageId ?? email.messageId }),
    };
  } catch (err) {
    return { ok: false, failure: classifyMailError(err as NodemailerError) };
  }
}

const CONFIGURATION_CODES = new Set(['EAUTH', 'ENOAUTH', 'EOAUTH2', 'ECONFIG', 'ETLS', 'EREQUIRETLS']);
const FILE_SYSTEM_CODES = new Set([
  'EACCES',
  'EPERM',
  'ENOSPC',
  'EROFS',
  'EMFILE',
  'ENFILE',
  'EIO',
  'ENOTDIR',
]);

/**
 * nodemailer marks every SMTP reply as permanent (5xx except 503) or not (4xx, 503); that decides
 * when the server answered. Without a reply, authentication and TLS problems need an operator, and
 * everything else (refused, reset, timed out) is worth another try.
 */
export function classifyMailError(err: NodemailerError): MailFailure {
  const details = {
    message: err.message,
    ...(err.responseCode !== undefined ? { responseCode: err.responseCode } : {}),
    ...(err.response !== undefined ? { response: err.response } : {}),
  };
  if (err.permanent === true) return { ...details, retryable: false, kind: 'rejected' };
  if (err.permanent === false) return { ...details, retryable: true, kind: 'deferred' };
  if (err.code && CONFIGURATION_CODES.has(err.code))
    return { ...details, retryable: false, kind: 'configuration' };
  if (err.code && FILE_SYSTEM_CODES.has(err.code)) return { ...details, retryable: true, kind: 'outbox' };
  return { ...details, retryable: true, kind: 'connection' };
}
