// Issuing the invoice of a settled payment: the draft of `draftFor` with the payment as settled,
// numbered and stored under the flow's key (`session:<id>` or `run:<customer>:<period>`, the keys
// src/billing uses too), and tied to the payments that paid it. Idempotent on the key.
import type { Knex } from 'knex';
import type { CustomerRecord } from '../../db/repos/customers';
import type { InvoiceRecord, InvoiceStatus } from '../../db/repos/invoices';
import { attachPaymentToInvoice } from '../../db/repos/payments';
import type { DatePeriod, PaymentInfo } from '../../invoice/types';
import { issueInvoice } from '../issueInvoice';
import { draftFor, invoiceableCdrs } from './invoiceDrafts';
import { paymentByKey } from './paymentLog';

/** An issued document as the workflows report it (no document body: it stays in the database). */
export interface IssuedBill {
  invoiceId: string;
  number: string;
  status: InvoiceStatus;
  currency: string;
  gross: string;
  /** false when an earlier attempt (or run) had issued it. */
  created: boolean;
}

export function billOf(record: InvoiceRecord, created: boolean): IssuedBill {
  return {
    invoiceId: record.id,
    number: record.number,
    status: record.status,
    currency: record.currency,
    gross: record.totals.gross,
    created,
  };
}

export interface BillRequest {
  customer: CustomerRecord;
  cdrIds: readonly string[];
  issueDate: string;
  servicePeriod?: DatePeriod;
  payment?: PaymentInfo;
  idempotencyKey: string;
  /** Idempotency keys of the Stripe calls whose PaymentIntents pay this invoice. */
  paymentKeys: readonly string[];
}

export async function issueBill(db: Knex, request: BillRequest): Promise<IssuedBill> {
  const { customer } = request;
  const draft = await draftFor(db, {
    customer,
    cdrs: await invoiceableCdrs(db, request.cdrIds),
    issueDate: request.issueDate,
    ...(request.servicePeriod && { servicePeriod: request.servicePeriod }),
    ...(request.payment && { payment: request.payment }),
  });
  const { record, created } = await issueInvoice(db, {
    issuerId: customer.issuerId,
    customerId: customer.id,
    draft,
    idempotencyKey: request.idempotencyKey,
  });
  for (const key of request.paymentKeys) {
    const payment = await paymentByKey(db, key);
    if (payment && payment.invoiceId !== record.id)
      await attachPaymentToInvoice(db, payment.paymentIntentId, record.id);
  }
  return billOf(record, created);
}
