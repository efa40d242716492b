// The one place CDR quantities are rounded. OCPI numbers carry 4 decimals unless stated otherwise
// (types: number), so energy (kWh) and time (hours) are reported with 4 decimals.
//
// Both are rounded as running totals, never per period: a period's volume is the difference of the
// rounded running totals at its edges, so the period volumes add up exactly to the session totals, however
// many periods there are. Energy runs as one total since the session start, ROUND_HALF_UP (0.1 Wh, finer
// than any register, so a whole-Wh total is exact). Time runs as two totals, charging and parking, each
// ROUND_DOWN: a whole number of seconds is rarely a 4-decimal number of hours (40 min = 0.6666… h), and a
// total rounded up would make any rater that rounds up to a step_size (OCPI: "amounts less than the
// step_size are rounded up") bill one step more than was used (0.6667 h = 2400.12 s → 41 minutes). Rounded
// down, each of Σ TIME and Σ PARKING_TIME lies within 0.36 s below the exact whole seconds, so rounding up
// (or to the nearest second) recovers them exactly. total_time is Σ TIME + Σ PARKING_TIME: at most 0.0002 h
// (0.72 s) below end − start, and never above it.
//
// Power and current only describe a period (for min/max_power and min/max_current restrictions); they are
// rounded DOWN (3 decimals for kW, i.e. whole W; 4 for A) so a value below a threshold never reads as the
// threshold itself.
import { Dec, MS_PER_HOUR } from '../session/decimal';

const ENERGY_KWH_DECIMALS = 4;
const TIME_HOURS_DECIMALS = 4;
const POWER_KW_DECIMALS = 3;
const CURRENT_A_DECIMALS = 4;
const PERCENT_DECIMALS = 4;

/** Energy since the session start as reported, kWh. */
export function roundedKwh(energyWh: Dec): Dec {
  return energyWh.dividedBy(1000).toDecimalPlaces(ENERGY_KWH_DECIMALS, Dec.ROUND_HALF_UP);
}

/** A running time total as reported, hours. */
export function roundedHours(durationMs: number): Dec {
  return new Dec(durationMs).dividedBy(MS_PER_HOUR).toDecimalPlaces(TIME_HOURS_DECIMALS, Dec.ROUND_DOWN);
}

export interface TimedActivity {
  activity: 'TIME' | 'PARKING_TIME';
  durationMs: number;
}

/** Hours of each consecutive period, from running charging and parking totals (see above). */
export function periodHours(periods: readonly TimedActivity[]): Dec[] {
  const runningMs = { TIME: 0, PARKING_TIME: 0 };
  return periods.map(({ activity, durationMs }) => {
    const before = runningMs[activity];
    runningMs[activity] = before + durationMs;
    return roundedHours(runningMs[activity]).minus(roundedHours(before));
  });
}

export function reportedKw(powerW: Dec): Dec {
  return powerW.dividedBy(1000).toDecimalPlaces(POWER_KW_DECIMALS, Dec.ROUND_DOWN);
}

export function reportedAmperes(currentA: Dec): Dec {
  return currentA.toDecimalPlaces(CURRENT_A_DECIMALS, Dec.ROUND_DOWN);
}

export function reportedPercent(percent: Dec): Dec {
  return percent.toDecimalPlaces(PERCENT_DECIMALS, Dec.ROUND_HALF_UP);
}

/** A rounded decimal as the JSON number OCPI sends: its shortest form is the decimal itself. */
export function jsonNumber(value: Dec): number {
  return value.toNumber();
}
