// Stripe signs each webhook delivery (Stripe-Signature: t=<unix time>,v1=<HMAC-SHA256 of "t.body">).
// Checking it, and its age, is the only thing that makes a webhook request trustworthy.
import Stripe from 'stripe';

export type WebhookVerification = { ok: true; event: Stripe.Event } | { ok: false; reason: string };

/** Stripe's own default: a delivery signed more than 5 minutes ago is refused (replay protection). */
export const DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;

/**
 * `rawBody` must be the request body exactly as received (a re-serialized JSON body never verifies).
 * Returns the parsed event, or why it was refused: missing header, wrong secret or tampered body,
 * timestamp outside the tolerance.
 */
export function verifyStripeWebhook(
  rawBody: Buffer | string,
  signatureHeader: string | undefined,
  secret: string,
  toleranceSeconds: number = DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
): WebhookVerification {
  if (!secret) throw new Error('STRIPE_WEBHOOK_SECRET is not set: webhooks cannot be verified');
  if (!signatureHeader) return { ok: false, reason: 'missing Stripe-Signature header' };
  try {
    return {
      ok: true,
      event: Stripe.webhooks.constructEvent(rawBody, signatureHeader, secret, toleranceSeconds),
    };
  } catch (err) {
    if (err instanceof Stripe.errors.StripeSignatureVerificationError)
      return { ok: false, reason: err.message };
    throw err;
  }
}
