// Contract customers: charge the invoice total to the payment method saved on their Stripe customer,
// without the customer present (off-session). Invoices meant for bank transfer never come here.
import type Stripe from 'stripe';
import { paymentIntentCall } from './paymentIntentCall';
import type { PaymentIntentSnapshot } from './paymentIntentSnapshot';
import type { PaymentResult } from './paymentResult';

export interface SavedMethodCharge {
  /** Stripe customer id (cus_...). */
  customerId: string;
  /** The customer's saved payment method (pm_...), card or SEPA debit mandate. */
  paymentMethodId: string;
  amountMinor: number;
  /** ISO 4217 code, uppercase. */
  currency: string;
  idempotencyKey: string;
  invoiceNumber: string;
  metadata?: Record<string, string>;
}

/**
 * State `paid`, or `processing` for payment methods that settle later (SEPA debit: a webhook reports
 * the outcome). A decline, or a card that needs the customer to authenticate, is a final failure.
 */
export async function chargeSavedMethod(
  stripe: Stripe,
  charge: SavedMethodCharge,
): Promise<PaymentResult<PaymentIntentSnapshot>> {
  return paymentIntentCall(charge.amountMinor, charge.currency, (money) =>
    stripe.paymentIntents.create(
      {
        ...money,
        customer: charge.customerId,
        payment_method: charge.paymentMethodId,
        off_session: true,
        confirm: true,
        // No customer is there to follow a redirect.
        automatic_payment_methods: { enabled: true, allow_redirects: 'never' },
        description: `Invoice ${charge.invoiceNumber}`,
        metadata: { ...charge.metadata, invoice_number: charge.invoiceNumber },
      },
      { idempotencyKey: charge.idempotencyKey },
    ),
  );
}
