// Meter readings arrive as decimal text (OCPP 1.6 strings) or JSON numbers (OCPP 2.0.1). They are
// parsed into decimal.js values, never floats, and leave as plain decimal strings ("1234.5", never "1.2345e3").
import Decimal from 'decimal.js';

/** 40 significant digits: unit conversions (×10^n) of any accepted reading stay exact. */
export const MeterDecimal = Decimal.clone({ precision: 40, toExpNeg: -40, toExpPos: 40 });
export type MeterDecimal = Decimal;

// Optional sign, digits with an optional fraction, optional exponent. No hex, no "NaN", no "Infinity".
const DECIMAL_TEXT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const MAX_TEXT_LENGTH = 40;

/** Parses strict decimal text; returns undefined for anything else (NaN, hex, words, empty, absurdly long). */
export function parseDecimalText(text: string): MeterDecimal | undefined {
  if (text.length > MAX_TEXT_LENGTH || !DECIMAL_TEXT.test(text)) return undefined;
  return new MeterDecimal(text);
}

/**
 * The decimal text of a JSON number as the charger most likely wrote it: the shortest text that
 * round-trips to the same double, which is the charger's own text for up to 15 significant digits.
 */
export function jsonNumberText(value: number): string {
  return plainDecimal(new MeterDecimal(value));
}

/** Plain notation, no exponent, no trailing zeros. */
export function plainDecimal(value: MeterDecimal): string {
  return value.isZero() ? '0' : value.toFixed(); // decimal.js would print negative zero as "-0"
}
