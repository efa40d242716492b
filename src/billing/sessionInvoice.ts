// Ad hoc invoicing: one invoice per session, right after it is rated (and, for card payments, captured).
// Idempotent per session: `session:<id>`.
import type { Knex } from 'knex';
import { getCdr } from '../db/repos/cdrs';
import { requireCustomer } from '../db/repos/customers';
import { requireIssuer } from '../db/repos/issuers';
import { findInvoiceByKey } from '../db/repos/invoices';
import type { PaymentInfo } from '../invoice/types';
import { BillingInputError } from './errors';
import { invoiceDraftForSessions } from './invoiceDraft';
import { issueInvoice } from './issueInvoice';
import type { IssuedDocument } from './issueDocument';

export interface SessionInvoiceInput {
  cdrId: string;
  /** Default: the customer of the CDR's token. */
  customerId?: string;
  /** YYYY-MM-DD. */
  issueDate: string;
  /** e.g. { status: 'paid', method: 'card', cardLast4 } after a capture. */
  payment?: PaymentInfo;
  tariffDescriptions?: readonly string[];
}

export function sessionInvoiceKey(sessionOrCdrId: string): string {
  return `session:${sessionOrCdrId}`;
}

export async function issueSessionInvoice(db: Knex, input: SessionInvoiceInput): Promise<IssuedDocument> {
  const record = await getCdr(db, input.cdrId);
  if (!record)
    throw new BillingInputError('cannot invoice', [{ path: 'cdrId', message: `no CDR ${input.cdrId}` }]);
  const idempotencyKey = sessionInvoiceKey(record.sessionId ?? record.id);
  const issued = await findInvoiceByKey(db, idempotencyKey);
  if (issued) return { record: issued, created: false };
  const tokenUid = record.cdr.cdr_token?.uid;
  const customerId =
    input.customerId ??
    (
      await db('tokens')
        .where({ uid: tokenUid ?? null })
        .first('customer_id')
    )?.customer_id;
  if (!customerId) {
    throw new BillingInputError('cannot invoice', [
      {
        path: 'customerId',
        message: `token ${tokenUid} of CDR ${record.id} belongs to no customer: pass customerId`,
      },
    ]);
  }
  const customer = await requireCustomer(db, customerId);
  const issuer = await requireIssuer(db, customer.issuerId);
  const session = record.sessionId
    ? await db('sessions').where({ id: record.sessionId }).first('charge_point_id')
    : undefined;
  const draft = invoiceDraftForSessions({
    issuer,
    customer,
    cdrs: [{ ...record, chargePointId: session?.charge_point_id ?? null }],
    issueDate: input.issueDate,
    ...(input.payment && { payment: input.payment }),
    ...(input.tariffDescriptions && { tariffDescriptions: input.tariffDescriptions }),
  });
  return issueInvoice(db, { issuerId: issuer.id, customerId: customer.id, draft, idempotencyKey });
}
