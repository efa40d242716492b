// What a payment call returns instead of throwing: the value, or a failure that says whether trying
// again can help. A Temporal activity rethrows retryable failures (Temporal retries with the same
// idempotency key) and records final ones as the invoice's `payment_failed`, so no session is lost.
import Stripe from 'stripe';

export type RetryableFailureKind =
  /** No answer from Stripe (connection refused, reset, timeout). */
  | 'network'
  /** 429: too many requests. */
  | 'rate_limited'
  /** 429 lock_timeout: another request is working on the same object. */
  | 'lock_timeout'
  /** 409: a request with the same idempotency key is still running. */
  | 'conflict'
  /** 5xx: Stripe had a problem. */
  | 'stripe_unavailable';

export type FinalFailureKind =
  /** The issuer or Stripe's fraud checks declined the card. */
  | 'card_declined'
  /** Stripe refused the request as invalid (amount below minimum, object in the wrong state, ...). */
  | 'invalid_request'
  /** Wrong or insufficient API key: an operator has to fix the configuration. */
  | 'authentication'
  /** The idempotency key was used before with different parameters. */
  | 'idempotency_conflict'
  /** The amount cannot be charged as given (negative, fractional, not representable in Stripe's units). */
  | 'invalid_amount'
  /** Any other error Stripe reported. */
  | 'stripe_error';

export type PaymentFailure = {
  message: string;
  /** Stripe's error code, e.g. card_declined, amount_too_small, lock_timeout. */
  stripeCode?: string;
  /** The issuer's reason for a card decline, e.g. insufficient_funds. */
  declineCode?: string;
  statusCode?: number;
  /** Stripe's request id (req_...), for support tickets. */
  requestId?: string;
} & ({ retryable: true; kind: RetryableFailureKind } | { retryable: false; kind: FinalFailureKind });

export type PaymentResult<T> = { ok: true; value: T } | { ok: false; failure: PaymentFailure };

/** Runs one Stripe call; Stripe errors become failures, anything else (a bug) is rethrown. */
export async function callStripe<T>(call: () => Promise<T>): Promise<PaymentResult<T>> {
  try {
    return { ok: true, value: await call() };
  } catch (err) {
    if (err instanceof Stripe.errors.StripeError) return { ok: false, failure: classifyStripeError(err) };
    throw err;
  }
}

/** Runs an input check (amount conversion); its error becomes a final `invalid_amount` failure. */
export function checkedInput<T>(check: () => T): PaymentResult<T> {
  try {
    return { ok: true, value: check() };
  } catch (err) {
    return {
      ok: false,
      failure: {
        retryable: false,
        kind: 'invalid_amount',
        message: err instanceof Error ? err.message : String(err),
      },
    };
  }
}

type StripeErrorLike = Pick<
  InstanceType<typeof Stripe.errors.StripeError>,
  'type' | 'message' | 'code' | 'decline_code' | 'statusCode' | 'requestId' | 'headers'
>;

/**
 * Stripe's own advice (the Stripe-Should-Retry header) wins when present; otherwise the error's type
 * and HTTP status decide.
 */
export function classifyStripeError(err: StripeErrorLike): PaymentFailure {
  const details = {
    message: err.message,
    ...(err.code ? { stripeCode: err.code } : {}),
    ...(err.decline_code ? { declineCode: err.decline_code } : {}),
    ...(err.statusCode ? { statusCode: err.statusCode } : {}),
    ...(err.requestId ? { requestId: err.requestId } : {}),
  };
  const retryKind = retryableKind(err);
  const shouldRetry = err.headers?.['stripe-should-retry'];
  if (retryKind && shouldRetry !== 'false') return { ...details, retryable: true, kind: retryKind };
  if (!retryKind && shouldRetry === 'true') return { ...details, retryable: true, kind: 'conflict' };
  return { ...details, retryable: false, kind: finalKind(err) };
}

function retryableKind(err: StripeErrorLike): RetryableFailureKind | undefined {
  if (err.type === 'StripeConnectionError') return 'network';
  if (err.type === 'StripeRateLimitError' || err.statusCode === 429) {
    return err.code === 'lock_timeout' ? 'lock_timeout' : 'rate_limited';
  }
  if (err.statusCode === 409 && err.type !== 'StripeIdempotencyError') return 'conflict';
  if (err.type === 'StripeAPIError' || (err.statusCode !== undefined && err.statusCode >= 500)) {
    return 'stripe_unavailable';
  }
  return undefined;
}

function finalKind(err: StripeErrorLike): FinalFailureKind {
  switch (err.type) {
    case 'StripeCardError':
      return 'card_declined';
    case 'StripeInvalidRequestError':
      return 'invalid_request';
    case 'StripeAuthenticationError':
    case 'StripePermissionError':
      return 'authentication';
    case 'StripeIdempotencyError':
      return 'idempotency_conflict';
    default:
      return 'stripe_error';
  }
}
