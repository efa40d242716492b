// The invoice of one ad hoc session, issued once its payment is settled. Keyed `session:<id>` like
// src/billing issueSessionInvoice, so there is one invoice per session whoever issues it first.
import type { Knex } from 'knex';
import { getCdrForSession } from '../../db/repos/cdrs';
import type { CustomerRecord } from '../../db/repos/customers';
import { requireIssuer } from '../../db/repos/issuers';
import { getSession } from '../../db/repos/sessions';
import type { PaymentInfo } from '../../invoice/types';
import { BillingInputError } from '../errors';
import { sessionInvoiceKey } from '../sessionInvoice';
import { customerOfToken, localDate } from './invoiceDrafts';
import { issueBill, type IssuedBill } from './issueBill';

/** The customer a session is invoiced to, or an error naming why there is none. */
export async function sessionCustomer(db: Knex, sessionId: string): Promise<CustomerRecord> {
  const session = await getSession(db, sessionId);
  const customer = await customerOfToken(db, session?.tokenUid ?? null);
  if (!customer) {
    throw new BillingInputError('cannot invoice', [
      { path: 'sessionId', message: `the token of session ${sessionId} belongs to no customer` },
    ]);
  }
  return customer;
}

/** The issue date of a document issued at `instant`: the issuer's calendar day. */
export async function issueDateAt(db: Knex, customer: CustomerRecord, instant: string): Promise<string> {
  return localDate(instant, (await requireIssuer(db, customer.issuerId)).timeZone);
}

export async function issueSessionBill(
  db: Knex,
  input: { sessionId: string; payment?: PaymentInfo; issuedAt: string; paymentKeys: readonly string[] },
): Promise<IssuedBill> {
  const cdr = await getCdrForSession(db, input.sessionId);
  if (!cdr) {
    throw new BillingInputError('cannot invoice', [
      { path: 'sessionId', message: `session ${input.sessionId} has no CDR` },
    ]);
  }
  const customer = await sessionCustomer(db, input.sessionId);
  return issueBill(db, {
    customer,
    cdrIds: [cdr.id],
    issueDate: await issueDateAt(db, customer, input.issuedAt),
    ...(input.payment && { payment: input.payment }),
    idempotencyKey: sessionInvoiceKey(input.sessionId),
    paymentKeys: input.paymentKeys,
  });
}
