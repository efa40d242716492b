// The last two steps of every billing workflow: archive the PDF, then e-mail it. Sending waits out a
// mail server that is down (retried with backoff, every attempt recorded on the delivery row).
import { proxyActivities } from '@temporalio/workflow';
import type { BillingActivities, IssuedBill } from '../activities/billing';
import type { DeliveredDocument } from './billingMessages';

const documents = proxyActivities<BillingActivities>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '1s', maximumInterval: '1m' },
});

const mail = proxyActivities<BillingActivities>({
  startToCloseTimeout: '2m',
  retry: { initialInterval: '2s', backoffCoefficient: 2, maximumInterval: '10m' },
});

export async function deliverDocument(invoice: IssuedBill): Promise<DeliveredDocument> {
  const pdf = await documents.archiveInvoicePdf({ invoiceId: invoice.invoiceId });
  const email = await mail.emailInvoice({ invoiceId: invoice.invoiceId });
  return { invoice, pdf, email };
}
