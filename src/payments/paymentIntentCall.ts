// The shape every amount-carrying PaymentIntent call shares: check and convert the amount to Stripe's
// units, make the call, read Stripe's answer as a snapshot, and turn errors into failures.
import type Stripe from 'stripe';
import { snapshotOf, type PaymentIntentSnapshot } from './paymentIntentSnapshot';
import { callStripe, checkedInput, type PaymentResult } from './paymentResult';
import { toStripeMoney } from './stripeAmount';

export async function paymentIntentCall(
  amountMinor: number,
  currency: string,
  call: (money: { amount: number; currency: string }) => Promise<Stripe.PaymentIntent>,
): Promise<PaymentResult<PaymentIntentSnapshot>> {
  const money = checkedInput(() => toStripeMoney(amountMinor, currency));
  if (!money.ok) return money;
  return callStripe(async () => snapshotOf(await call(money.value)));
}
