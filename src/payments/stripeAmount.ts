// Stripe's "smallest currency unit" is not always the ISO 4217 minor unit. chargeledger speaks ISO minor
// units everywhere; only this file knows Stripe's exceptions (docs.stripe.com/currencies):
//  - ISK: ISO has no decimals, Stripe keeps two and requires whole krónur (multiples of 100).
//  - MGA: ISO has two decimals, Stripe treats it as zero-decimal.
//  - three-decimal currencies (BHD, JOD, KWD, OMR, TND): the last digit must be 0.
import { minorUnitExponent } from '../money/currency';

const STRIPE_EXPONENT: Readonly<Record<string, number>> = { ISK: 2, MGA: 0 };
/** Stripe amounts in these currencies must be multiples of this many of Stripe's units. */
const STRIPE_STEP: Readonly<Record<string, number>> = {
  ISK: 100,
  BHD: 10,
  JOD: 10,
  KWD: 10,
  OMR: 10,
  TND: 10,
};

function stripeExponent(currency: string): number {
  return STRIPE_EXPONENT[currency] ?? minorUnitExponent(currency);
}

/** value * 10^shift in exact integer arithmetic; undefined when the result is not a safe integer. */
function rescale(value: number, shift: number): number | undefined {
  if (!Number.isSafeInteger(value)) return undefined;
  const factor = 10 ** Math.abs(shift);
  if (shift >= 0) return Number.isSafeInteger(value * factor) ? value * factor : undefined;
  return value % factor === 0 ? value / factor : undefined;
}

/** ISO minor units -> the integer Stripe's API expects. Throws when Stripe cannot charge that exact amount. */
export function toStripeAmount(amountMinor: number, currency: string): number {
  if (!Number.isSafeInteger(amountMinor) || amountMinor < 0) {
    throw new Error(`amountMinor must be a non-negative integer, got ${amountMinor} ${currency}`);
  }
  const amount = rescale(amountMinor, stripeExponent(currency) - minorUnitExponent(currency));
  const step = STRIPE_STEP[currency] ?? 1;
  if (amount === undefined || amount % step !== 0) {
    throw new Error(
      `Stripe cannot charge exactly ${amountMinor} minor units of ${currency}: ` +
        `its amounts in ${currency} must be whole multiples of ${step} at ${stripeExponent(currency)} decimals`,
    );
  }
  return amount;
}

/** The integer Stripe reports -> ISO minor units. */
export function fromStripeAmount(stripeAmount: number, currency: string): number {
  const amountMinor = rescale(stripeAmount, minorUnitExponent(currency) - stripeExponent(currency));
  if (amountMinor === undefined) {
    throw new Error(`Stripe amount ${stripeAmount} ${currency} is not a whole number of ISO minor units`);
  }
  return amountMinor;
}

/** Stripe wants lowercase ISO codes; chargeledger keeps them uppercase. */
export function toStripeCurrency(currency: string): string {
  minorUnitExponent(currency); // throws for an unknown code
  return currency.toLowerCase();
}

export function fromStripeCurrency(stripeCurrency: string): string {
  return stripeCurrency.toUpperCase();
}

/** A positive ISO amount as Stripe's request fields `amount` and `currency`. Throws naming what is wrong. */
export function toStripeMoney(amountMinor: number, currency: string): { amount: number; currency: string } {
  if (!(amountMinor > 0)) throw new Error(`amountMinor must be positive, got ${amountMinor} ${currency}`);
  return { amount: toStripeAmount(amountMinor, currency), currency: toStripeCurrency(currency) };
}
