// A payment provider that could not answer now (network, rate limit, outage): the step is worth
// retrying with the same idempotency key. Billing flows throw it; Temporal retries the activity.
import type { PaymentFailure } from '../../payments/paymentResult';

export class PaymentUnavailableError extends Error {
  override name = 'PaymentUnavailableError';
  constructor(readonly failure: PaymentFailure) {
    super(`payment provider unavailable (${failure.kind}): ${failure.message}`);
  }
}
