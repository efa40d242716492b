// Decimal amounts <-> integer minor units (cents, or yen for JPY) by the currency's ISO 4217 exponent.
// Amounts reaching payments are already rounded invoice totals, so nothing is rounded here: an amount
// with non-zero digits beyond the currency's minor unit (EUR 12.345) is an error, never silently rounded.
// Trailing zeros are fine (PostgreSQL numeric(12,4) reads as "12.3400").
import Decimal from 'decimal.js';
import { minorUnitExponent } from '../money/currency';

const PLAIN_DECIMAL = /^-?\d+(\.\d+)?$/;

/** "12.34" EUR -> 1234; "1234" JPY -> 1234; "1.250" KWD -> 1250. Throws naming the amount and currency. */
export function toMinorUnits(amount: string, currency: string): number {
  if (!PLAIN_DECIMAL.test(amount)) {
    throw new Error(`amount "${amount}" is not a plain decimal number (digits, optional "-" and ".")`);
  }
  const exponent = minorUnitExponent(currency);
  const value = new Decimal(amount);
  // decimalPlaces() ignores trailing zeros, and is checked before any arithmetic could round.
  if (value.decimalPlaces() > exponent) {
    throw new Error(
      `amount "${amount}" has more decimals than ${currency} has minor-unit digits (${exponent}); round it first`,
    );
  }
  const minor = value.times(new Decimal(10).pow(exponent));
  if (minor.abs().greaterThan(Number.MAX_SAFE_INTEGER)) {
    throw new Error(`amount "${amount}" ${currency} is too large to handle as an integer of minor units`);
  }
  // Adding 0 turns -0 into 0.
  return minor.toNumber() + 0;
}

/** 1234 EUR -> "12.34"; 1234 JPY -> "1234"; always with exactly the currency's number of decimals. */
export function fromMinorUnits(amountMinor: number, currency: string): string {
  if (!Number.isSafeInteger(amountMinor)) {
    throw new Error(`minor-unit amount ${amountMinor} ${currency} is not a safe integer`);
  }
  const exponent = minorUnitExponent(currency);
  return new Decimal(amountMinor).dividedBy(new Decimal(10).pow(exponent)).toFixed(exponent);
}
