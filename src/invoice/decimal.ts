// Exact decimal arithmetic for invoices. Every amount is computed from exact inputs and
// rounded once, here, to the currency's minor units.
import Decimal from 'decimal.js';
import { minorUnitExponent } from '../money/currency';

/**
 * decimal.js configured for billing: 60 significant digits keep products of realistic inputs
 * exact; ROUND_HALF_UP rounds a tie away from zero (0.125 → 0.13, −0.125 → −0.13), so a
 * credit note rounds to the exact negation of its invoice.
 */
export const Dec = Decimal.clone({
  precision: 60,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -60,
  toExpPos: 60,
});
export type Dec = Decimal;

export const ZERO = new Dec(0);

/** The only rounding of money: to the currency's minor units (ISO 4217 exponent), ROUND_HALF_UP. */
export function roundToMinorUnits(value: Decimal, currency: string): Decimal {
  return value.toDecimalPlaces(minorUnitExponent(currency), Decimal.ROUND_HALF_UP);
}

/** An already rounded amount as a fixed-point string with exactly the currency's digits ("12.30", "1234"). */
export function moneyString(value: Decimal, currency: string): string {
  // Decimal#toFixed is exact string formatting, not floating point.
  return value.toFixed(minorUnitExponent(currency));
}

export function sum(values: Iterable<Decimal>): Decimal {
  let total = ZERO;
  for (const value of values) total = total.plus(value);
  return total;
}

/** Canonical form of a decimal string ("19.0" → "19", "-0" → "0"): used for VAT rates and grouping keys. */
export function canonicalDecimal(value: string): string {
  return new Dec(value).toString();
}
