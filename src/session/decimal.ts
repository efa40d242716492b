// Exact decimals for metering: energy (Wh), power (W), current (A), durations. decimal.js with 40
// significant digits: sums and products of meter readings are exact; the only inexact step is the
// division of a linear interpolation, which 40 digits carry far below any unit we report.
import Decimal from 'decimal.js';

export const Dec = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_UP,
  toExpNeg: -40,
  toExpPos: 40,
});
export type Dec = Decimal;

export const ZERO = new Dec(0);
export const MS_PER_HOUR = 3_600_000;

// Plain decimal text as OCPP and OCMF send it: no hex, binary, NaN or Infinity, which decimal.js would accept.
const DECIMAL_TEXT = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** The decimal a string stands for, or undefined when it is not plain decimal text. */
export function decimalOrUndefined(text: unknown): Dec | undefined {
  return typeof text === 'string' && DECIMAL_TEXT.test(text.trim()) ? new Dec(text.trim()) : undefined;
}

/** Parses decimal text; throws naming `field` when it is not a number. */
export function parseDecimal(text: unknown, field: string): Dec {
  const value = decimalOrUndefined(text);
  if (value === undefined)
    throw new Error(`${field}: expected a decimal number as text, got ${JSON.stringify(text)}`);
  return value;
}

/** Average power in W of `energyWh` delivered over `durationMs`. */
export function averagePowerW(energyWh: Dec, durationMs: number): Dec {
  return energyWh.times(MS_PER_HOUR).dividedBy(durationMs);
}
