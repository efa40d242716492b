// issueInvoice: numbers and stores an invoice for a draft (invoiceDraftForSessions) in one
// transaction; idempotent on the caller's key (e.g. `session:<id>`, `run:<customer>:<period>`).
import type { Knex } from 'knex';
import { requireCustomer } from '../db/repos/customers';
import { requireIssuer } from '../db/repos/issuers';
import type { InvoiceStatus } from '../db/repos/invoices';
import { BillingInputError } from './errors';
import type { UnnumberedInvoiceDraft } from './invoiceDraft';
import { initialStatus, issueDocument, type IssuedDocument } from './issueDocument';

export interface IssueInvoiceInput {
  issuerId: string;
  customerId: string;
  draft: UnnumberedInvoiceDraft;
  /** Issuing twice with the same key returns the first invoice (and its number). */
  idempotencyKey: string;
  /** Default: from the draft's payment (paid, payment_failed, open). */
  status?: InvoiceStatus;
}

export async function issueInvoice(db: Knex, input: IssueInvoiceInput): Promise<IssuedDocument> {
  if (input.draft.kind !== 'invoice') {
    throw new BillingInputError('cannot issue', [
      { path: 'draft.kind', message: 'use issueCreditNote for credit notes' },
    ]);
  }
  const issuer = await requireIssuer(db, input.issuerId);
  const customer = await requireCustomer(db, input.customerId);
  if (customer.issuerId !== issuer.id) {
    throw new BillingInputError('cannot issue', [
      {
        path: 'customerId',
        message: `customer ${customer.id} is invoiced by ${customer.issuerId}, not ${issuer.id}`,
      },
    ]);
  }
  return issueDocument(db, {
    issuer,
    idempotencyKey: input.idempotencyKey,
    request: {
      issuerId: input.issuerId,
      customerId: input.customerId,
      draft: input.draft,
      status: input.status,
    },
    plan: async () => ({
      draft: input.draft,
      customerId: customer.id,
      status: input.status ?? initialStatus(input.draft.payment.status),
    }),
  });
}
