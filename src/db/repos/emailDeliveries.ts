// Invoice e-mails: one delivery per (invoice, recipient), so a retried activity never sends an invoice
// twice. Flow: queueEmailDelivery → beginEmailAttempt (undefined once sent: skip) → send →
// markEmailSent or markEmailFailed (a failed delivery may be attempted again).
import type { Knex } from 'knex';
import { EMAIL_STATUSES } from '../migrations/002_invoicing';
import { InvalidRecordError, iso, isoOrNull, requiredText } from '../values';

export type EmailStatus = (typeof EMAIL_STATUSES)[number];

export interface EmailDelivery {
  id: string;
  invoiceId: string;
  recipient: string;
  messageId: string | null;
  status: EmailStatus;
  attempts: number;
  lastError: string | null;
  sentAt: string | null;
  createdAt: string;
  updatedAt: string;
}

type Row = Record<string, unknown>;

function toDelivery(row: Row): EmailDelivery {
  return {
    id: String(row.id),
    invoiceId: String(row.invoice_id),
    recipient: row.recipient as string,
    messageId: row.message_id as string | null,
    status: row.status as EmailStatus,
    attempts: row.attempts as number,
    lastError: row.last_error as string | null,
    sentAt: isoOrNull(row.sent_at as Date | null),
    createdAt: iso(row.created_at as Date),
    updatedAt: iso(row.updated_at as Date),
  };
}

/** Addresses compare case-insensitively (RFC 5321 says the local part may not, but mail systems do). */
function normalisedRecipient(recipient: string): string {
  const address = requiredText('recipient', recipient).trim().toLowerCase();
  if (!/^[^\s@]+@[^\s@]+$/.test(address))
    throw new InvalidRecordError('recipient', `expected an e-mail address, got ${JSON.stringify(recipient)}`);
  return address;
}

/** The delivery of an invoice to a recipient, created queued the first time. Idempotent. */
export async function queueEmailDelivery(
  db: Knex,
  invoiceId: string,
  recipient: string,
  messageId?: string,
): Promise<EmailDelivery> {
  const address = normalisedRecipient(recipient);
  const [row] = await db('email_deliveries')
    .insert({ invoice_id: invoiceId, recipient: address, message_id: messageId ?? null })
    .onConflict(['invoice_id', 'recipient'])
    .ignore()
    .returning('*');
  if (row) return toDelivery(row);
  return toDelivery(
    await db('email_deliveries').where({ invoice_id: invoiceId, recipient: address }).first(),
  );
}

/** Counts an attempt and returns the delivery, or undefined when it was sent already (do not send). */
export async function beginEmailAttempt(db: Knex, deliveryId: string): Promise<EmailDelivery | undefined> {
  const [row] = await db('email_deliveries')
    .where({ id: deliveryId })
    .whereNot({ status: 'sent' })
    .update({ attempts: db.raw('attempts + 1'), updated_at: db.fn.now() })
    .returning('*');
  return row ? toDelivery(row) : undefined;
}

export async function markEmailSent(
  db: Knex,
  deliveryId: string,
  messageId: string,
  sentAt = new Date(),
): Promise<EmailDelivery> {
  const [row] = await db('email_deliveries')
    .where({ id: deliveryId })
    .update({
      status: 'sent',
      message_id: messageId,
      sent_at: sentAt,
      last_error: null,
      updated_at: db.fn.now(),
    })
    .returning('*');
  if (!row) throw new InvalidRecordError('deliveryId', `no e-mail delivery ${deliveryId}`);
  return toDelivery(row);
}

/** Records a failed attempt; a delivery that was sent meanwhile stays sent. */
export async function markEmailFailed(db: Knex, deliveryId: string, error: string): Promise<EmailDelivery> {
  const [row] = await db('email_deliveries')
    .where({ id: deliveryId })
    .whereNot({ status: 'sent' })
    .update({ status: 'failed', last_error: error, updated_at: db.fn.now() })
    .returning('*');
  if (row) return toDelivery(row);
  const existing = await db('email_deliveries').where({ id: deliveryId }).first();
  if (!existing) throw new InvalidRecordError('deliveryId', `no e-mail delivery ${deliveryId}`);
  return toDelivery(existing);
}

export async function emailDeliveriesOf(db: Knex, invoiceId: string): Promise<EmailDelivery[]> {
  const rows = await db('email_deliveries').where({ invoice_id: invoiceId }).orderBy('id');
  return rows.map(toDelivery);
}
