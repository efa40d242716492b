// What to do with an ad hoc card hold once the session is rated. Pure, so the policy is testable alone.
//
// Policy when the session cost more than the hold:
//  1. Ask Stripe to increment the authorization to the full amount (requested at hold time with
//     request_incremental_authorization=if_available; only some cards and businesses get it), then
//     capture the full amount.
//  2. When the increment is refused, capture the whole hold and treat the rest as a shortfall: charged
//     off-session as a new PaymentIntent when the hold saved the card to a Stripe customer, otherwise
//     left outstanding on the invoice (bank transfer or dunning), never silently dropped.
// Cancelling the hold and charging anew is not an option: the driver has left and the card may not be
// charged again without a saved, consented payment method.

export type HoldSettlementStep =
  | { kind: 'release' }
  | { kind: 'capture'; amountMinor: number }
  | { kind: 'increment_then_capture'; amountMinor: number };

export function planHoldSettlement(heldMinor: number, amountMinor: number): HoldSettlementStep {
  for (const [name, value] of [
    ['heldMinor', heldMinor],
    ['amountMinor', amountMinor],
  ] as const) {
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new Error(`${name} must be a non-negative integer of minor units, got ${value}`);
    }
  }
  if (amountMinor === 0) return { kind: 'release' };
  if (amountMinor <= heldMinor) return { kind: 'capture', amountMinor };
  return { kind: 'increment_then_capture', amountMinor };
}

/** After a refused increment: capture what is held, and what is left to collect another way. */
export function shortfallAfterRefusedIncrement(
  heldMinor: number,
  amountMinor: number,
): { captureMinor: number; shortfallMinor: number } {
  return { captureMinor: heldMinor, shortfallMinor: amountMinor - heldMinor };
}
