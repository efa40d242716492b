import { planHoldSettlement, shortfallAfterRefusedIncrement } from '../../src/payments/holdSettlementPlan';
import { paymentStateOf } from '../../src/payments/paymentIntentSnapshot';

describe('planHoldSettlement', () => {
  it.each([
    [5000, 0, { kind: 'release' }],
    [5000, 1234, { kind: 'capture', amountMinor: 1234 }],
    [5000, 5000, { kind: 'capture', amountMinor: 5000 }],
    [5000, 5001, { kind: 'increment_then_capture', amountMinor: 5001 }],
    [0, 0, { kind: 'release' }],
  ])('hold %d, rated %d', (held, amount, step) => {
    expect(planHoldSettlement(held, amount)).toEqual(step);
  });

  it.each([
    [5000, -1, /amountMinor must be a non-negative integer/],
    [5000, 12.5, /amountMinor must be a non-negative integer/],
    [-1, 100, /heldMinor must be a non-negative integer/],
  ])('refuses hold %d, rated %d', (held, amount, message) => {
    expect(() => planHoldSettlement(held, amount)).toThrow(message);
  });

  it('captures the whole hold and leaves the rest as shortfall when the increment is refused', () => {
    expect(shortfallAfterRefusedIncrement(5000, 7350)).toEqual({ captureMinor: 5000, shortfallMinor: 2350 });
  });
});

describe('paymentStateOf', () => {
  it.each([
    ['requires_capture', 'authorized'],
    ['succeeded', 'paid'],
    ['processing', 'processing'],
    ['requires_action', 'action_required'],
    ['canceled', 'canceled'],
    ['requires_payment_method', 'unpaid'],
    ['requires_confirmation', 'unpaid'],
    ['some_future_status', 'unpaid'],
  ])('%s -> %s', (status, state) => {
    expect(paymentStateOf(status)).toBe(state);
  });
});
