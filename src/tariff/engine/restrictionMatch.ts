// Does a tariff element's restriction set hold for one charging period? Every restriction is
// evaluated at the period's start (the CDR builder splits periods wherever a restriction can change,
// so one evaluation holds for the whole period). Boundaries: every min_* is inclusive and every
// max_* exclusive (OCPI says so for durations; the same reading is used for kWh, power and current
// so that "max_x: 32" and "min_x: 32" partition cleanly); start_time/start_date inclusive,
// end_time/end_date exclusive.
import type { ExactDecimal } from '../decimal/exactDecimal';
import type { LocalTime } from '../time/zoneClock';
import type { CompiledRestrictions } from './compiledTariff';

/** What restrictions are evaluated against: one period, in the context of the session so far. */
export interface PeriodFacts {
  /** Local wall-clock time at the period's start (undefined when the tariff needs none). */
  local: LocalTime | undefined;
  /** Energy charged in the session before this period, kWh. */
  energyBeforeKwh: ExactDecimal;
  /** Time since the session's start, ms. */
  durationMs: number;
  /** Power (kW) / current (A) to test min_* against: MIN_* dimension, else the plain value, else MAX_*. */
  powerLowKw: number | undefined;
  powerHighKw: number | undefined;
  /** … and max_* against: MAX_* dimension, else the plain value, else MIN_*. */
  currentLowA: number | undefined;
  currentHighA: number | undefined;
}

/** Yes, No, or Unknown: a restriction needs a power/current value the period does not carry (treated as No). */
export const Match = { No: 0, Yes: 1, Unknown: 2 } as const;
export type Match = (typeof Match)[keyof typeof Match];

/** The wall-clock part of a restriction set: time-of-day window, weekday and local date range. */
export function matchLocalTime(r: CompiledRestrictions, local: LocalTime): boolean {
  const window = r.window;
  if (window) {
    const t = local.msOfDay;
    const inside =
      window.startMs < window.endMs
        ? t >= window.startMs && t < window.endMs
        : t >= window.startMs || t < window.endMs;
    if (!inside) return false;
  }
  if (r.weekdays !== 0 && (r.weekdays & (1 << local.weekday)) === 0) return false;
  if (r.firstDay !== undefined && local.day < r.firstDay) return false;
  if (r.endDay !== undefined && local.day >= r.endDay) return false;
  return true;
}

export function matchRestrictions(r: CompiledRestrictions | undefined, facts: PeriodFacts): Match {
  if (!r) return Match.Yes;
  if (r.usesLocalTime && !matchLocalTime(r, facts.local!)) return Match.No;
  if (r.minKwh && facts.energyBeforeKwh.compare(r.minKwh) < 0) return Match.No;
  if (r.maxKwh && facts.energyBeforeKwh.compare(r.maxKwh) >= 0) return Match.No;
  if (r.minDurationMs !== undefined && facts.durationMs < r.minDurationMs) return Match.No;
  if (r.maxDurationMs !== undefined && facts.durationMs >= r.maxDurationMs) return Match.No;
  let unknown = false;
  if (r.minPowerKw !== undefined) {
    if (facts.powerLowKw === undefined) unknown = true;
    else if (facts.powerLowKw < r.minPowerKw) return Match.No;
  }
  if (r.maxPowerKw !== undefined) {
    if (facts.powerHighKw === undefined) unknown = true;
    else if (facts.powerHighKw >= r.maxPowerKw) return Match.No;
  }
  if (r.minCurrentA !== undefined) {
    if (facts.currentLowA === undefined) unknown = true;
    else if (facts.currentLowA < r.minCurrentA) return Match.No;
  }
  if (r.maxCurrentA !== undefined) {
    if (facts.currentHighA === undefined) unknown = true;
    else if (facts.currentHighA >= r.maxCurrentA) return Match.No;
  }
  return unknown ? Match.Unknown : Match.Yes;
}
