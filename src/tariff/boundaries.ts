// Where a tariff can change its price during a session, for the CDR builder (src/cdr), which splits
// charging periods at these points so each period is priced by one set of elements.
//
// instantsBetween reports only instants at which the outcome of some wall-clock restriction
// (start/end_time, day_of_week, start/end_date) or the tariff's validity actually changes: candidate
// instants (each boundary time of day on each local day, local midnights, DST switches, validity
// limits) are kept when the restriction state just before differs from the state at the instant.
// That handles DST without special cases: a boundary inside the skipped spring-forward hour takes
// effect at the switch; one inside the repeated fall-back hour occurs twice.
import { ExactDecimal } from './decimal/exactDecimal';
import { compileTariff, type CompiledTariff } from './engine/compiledTariff';
import { matchLocalTime } from './engine/restrictionMatch';
import type { SplitPlan } from './splitPlan';
import { MS_PER_DAY, MS_PER_MINUTE } from './time/calendar';
import { ZoneClock } from './time/zoneClock';
import type { Tariff, TariffRestrictions } from './types';

export function splitPlanFor(tariff: Tariff, timeZone: string): SplitPlan {
  const compiled = compileTariff(tariff);
  const clock = ZoneClock.of(timeZone);
  const restrictions = tariff.elements.map((element) => element.restrictions ?? {});
  return {
    instantsBetween: (fromMs, toMs) => restrictionChanges(compiled, clock, fromMs, toMs),
    energyThresholdsWh: decimalThresholds(restrictions, ['min_kwh', 'max_kwh'], 3),
    durationThresholdsSeconds: decimalThresholds(restrictions, ['min_duration', 'max_duration'], 0).map(
      Number,
    ),
    powerThresholdsW: decimalThresholds(restrictions, ['min_power', 'max_power'], 3),
    currentThresholdsA: decimalThresholds(restrictions, ['min_current', 'max_current'], 0),
  };
}

/** Distinct positive thresholds, ascending, scaled by 10^shift (kWh → Wh, kW → W), as decimal strings. */
function decimalThresholds(
  restrictions: TariffRestrictions[],
  fields: (keyof TariffRestrictions)[],
  shift: number,
): string[] {
  const values = new Map<string, ExactDecimal>();
  for (const r of restrictions) {
    for (const field of fields) {
      const raw = r[field];
      if (typeof raw !== 'number' || raw <= 0) continue;
      const value = ExactDecimal.fromNumber(raw).shift(shift);
      values.set(value.toString(), value);
    }
  }
  return [...values.values()].sort((a, b) => a.compare(b)).map((value) => value.toString());
}

function restrictionChanges(
  tariff: CompiledTariff,
  clock: ZoneClock,
  fromMs: number,
  toMs: number,
): number[] {
  if (!(toMs > fromMs)) return [];
  const candidates = new Set<number>();
  for (const limit of [tariff.validFromMs, tariff.validUntilMs])
    if (Number.isFinite(limit)) candidates.add(limit);
  const localElements = tariff.elements.filter((element) => element.restrictions?.usesLocalTime);
  if (localElements.length > 0) {
    for (const change of clock.offsetChangesBetween(fromMs, toMs)) candidates.add(change);
    const minutes = boundaryMinutes(tariff);
    const firstDay = Math.floor((fromMs + clock.offsetMinutesAt(fromMs) * MS_PER_MINUTE) / MS_PER_DAY) - 1;
    const lastDay = Math.floor((toMs + clock.offsetMinutesAt(toMs) * MS_PER_MINUTE) / MS_PER_DAY) + 1;
    for (let day = firstDay; day <= lastDay; day++) {
      for (const minute of minutes) {
        for (const instant of instantsOfWallTime(clock, day * MS_PER_DAY + minute * MS_PER_MINUTE)) {
          candidates.add(instant);
        }
      }
    }
  }
  const state = (ms: number): string => {
    const valid = tariff.validFromMs <= ms && ms < tariff.validUntilMs ? '1' : '0';
    if (localElements.length === 0) return valid;
    const local = clock.localTime(ms);
    return (
      valid +
      localElements.map((element) => (matchLocalTime(element.restrictions!, local) ? '1' : '0')).join('')
    );
  };
  return [...candidates]
    .filter((ms) => ms > fromMs && ms < toMs && state(ms) !== state(ms - 1))
    .sort((a, b) => a - b);
}

/** Times of day (minutes after midnight) at which some wall-clock restriction can flip. */
function boundaryMinutes(tariff: CompiledTariff): number[] {
  const minutes = new Set<number>();
  for (const element of tariff.elements) {
    const r = element.restrictions;
    if (!r) continue;
    if (r.window) {
      minutes.add(r.window.startMs / MS_PER_MINUTE);
      minutes.add((r.window.endMs / MS_PER_MINUTE) % (24 * 60));
    }
    if (r.weekdays !== 0 || r.firstDay !== undefined || r.endDay !== undefined) minutes.add(0);
  }
  return [...minutes];
}

/** The 0, 1 or 2 instants whose local wall-clock time is `localMs` (gap / normal / repeated hour). */
function instantsOfWallTime(clock: ZoneClock, localMs: number): number[] {
  const offsets = new Set([
    clock.offsetMinutesAt(localMs - MS_PER_DAY),
    clock.offsetMinutesAt(localMs),
    clock.offsetMinutesAt(localMs + MS_PER_DAY),
  ]);
  const instants: number[] = [];
  for (const offset of offsets) {
    const instant = localMs - offset * MS_PER_MINUTE;
    if (clock.offsetMinutesAt(instant) === offset) instants.push(instant);
  }
  return instants;
}
