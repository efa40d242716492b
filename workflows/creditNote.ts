// A correction of an issued invoice: the credit note (full or some sessions), the refund to the card
// when the invoice was paid by card (Stripe idempotency key from the credit note), its PDF and e-mail.
// Started by POST /v1/invoices/{number}/credit-notes with an id derived from the request, so a retried
// request reaches the same workflow.
import { proxyActivities } from '@temporalio/workflow';
import type { BillingActivities, CreditNoteRequest } from '../activities/billing';
import type { CreditNoteResult } from './billingMessages';
import { deliverDocument } from './deliverDocument';

const billing = proxyActivities<BillingActivities>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '1s', maximumInterval: '5m' },
});

export async function creditNote(request: CreditNoteRequest): Promise<CreditNoteResult> {
  const note = await billing.issueCreditNote(request);
  const refund = await billing.refundCreditNote({ creditNoteId: note.invoiceId });
  return { refund, ...(await deliverDocument(note)) };
}
