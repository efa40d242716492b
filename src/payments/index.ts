// Payments: the Stripe edge the Temporal activities call. No database access here; callers persist.
//
// In an activity:
//   const stripe = createStripeClient(loadConfig().stripe);
//   const key = idempotencyKeyFor(workflowInfo.workflowId, 'settle');  // never the attempt number
//   const result = await captureHold(stripe, { paymentIntentId, currency, heldMinor, amountMinor, idempotencyKey: key });
//   if (!result.ok && result.failure.retryable) throw ApplicationFailure.retryable(result.failure.message);
//   if (!result.ok) -> record the invoice as payment_failed with result.failure (kind, stripeCode, declineCode)
//   else            -> persist result.value (outstandingMinor > 0 leaves that much to collect by invoice)
export { createStripeClient, type StripeSettings } from './stripeClient';
export { toMinorUnits, fromMinorUnits } from './minorUnits';
export { toStripeAmount, fromStripeAmount } from './stripeAmount';
export { idempotencyKeyFor, subKey } from './idempotencyKey';
export {
  callStripe,
  classifyStripeError,
  type PaymentFailure,
  type PaymentResult,
  type RetryableFailureKind,
  type FinalFailureKind,
} from './paymentResult';
export { paymentStateOf, type PaymentIntentSnapshot, type PaymentState } from './paymentIntentSnapshot';
export { planHoldSettlement, type HoldSettlementStep } from './holdSettlementPlan';
export {
  placeHold,
  captureHold,
  releaseHold,
  type HoldRequest,
  type CaptureRequest,
  type ReleaseRequest,
  type HoldSettlement,
} from './adHocHold';
export { chargeSavedMethod, type SavedMethodCharge } from './savedMethodCharge';
export { refund, type RefundRequest, type RefundReason, type RefundSnapshot } from './refund';
export {
  verifyStripeWebhook,
  DEFAULT_WEBHOOK_TOLERANCE_SECONDS,
  type WebhookVerification,
} from './webhookSignature';
export { paymentUpdateOf, type PaymentUpdate } from './paymentUpdate';
