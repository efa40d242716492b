// The meter readings a CDR is built from: the session window in whole seconds, the meter start and stop,
// and the accepted samples between them as register points (energy since session start). Samples that
// contradict the window or the meter start/stop are left out and listed with the reason, never billed.
import { decimalOrUndefined, parseDecimal, ZERO, type Dec as Decimal } from '../session/decimal';
import { floorToSecond, instantOrUndefined, parseInstantField } from '../session/instant';
import type { MeterSample } from '../session/types';

export interface SessionMetering {
  /** Session start and stop instants (ISO 8601). The CDR uses them truncated to whole UTC seconds. */
  sessionStart: string;
  sessionStop: string;
  /** Meter register at start and stop, Wh (decimal text). Without a stop reading the last sample's is used. */
  meterStartWh: string;
  meterStopWh?: string;
  /** Accepted samples (see src/session/meterValidation.ts), any order. */
  samples: readonly MeterSample[];
}

export interface ExcludedSample {
  /** Position in the `samples` input. */
  index: number;
  timestamp: string;
  reason:
    | 'malformed'
    | 'missing_energy'
    | 'before_session_start'
    | 'after_session_stop'
    | 'outside_meter_start_stop'
    | 'register_decreased'
    | 'conflicting_reading';
}

/** Energy delivered since the session start at an instant, Wh. */
export interface RegisterPoint {
  ms: number;
  energyWh: Decimal;
}

/** Instantaneous readings held until the next one (sample-and-hold). */
export interface HeldReading {
  ms: number;
  currentA?: Decimal;
  socPercent?: Decimal;
}

export interface SessionReadings {
  /** Whole UTC seconds. */
  startMs: number;
  stopMs: number;
  totalWh: Decimal;
  /** From (startMs, 0) to (stopMs, totalWh): time strictly increasing, energy non-decreasing. */
  registerPoints: RegisterPoint[];
  held: HeldReading[];
  excluded: ExcludedSample[];
}

interface TimedSample {
  index: number;
  sample: MeterSample;
  ms: number;
}

export function collectSessionReadings(input: SessionMetering): SessionReadings {
  const realStartMs = parseInstantField(input.sessionStart, 'sessionStart');
  const realStopMs = parseInstantField(input.sessionStop, 'sessionStop');
  if (realStopMs < realStartMs) {
    throw new Error(`sessionStop ${input.sessionStop} is before sessionStart ${input.sessionStart}`);
  }
  const meterStart = parseDecimal(input.meterStartWh, 'meterStartWh');
  const meterStop =
    input.meterStopWh === undefined ? undefined : parseDecimal(input.meterStopWh, 'meterStopWh');
  if (meterStop?.lessThan(meterStart)) {
    throw new Error(
      `meterStopWh ${input.meterStopWh} is below meterStartWh ${input.meterStartWh}: the register was reset or ` +
        'the readings belong to different meters; the session needs review before it can be billed',
    );
  }

  const excluded: ExcludedSample[] = [];
  const timed: TimedSample[] = [];
  input.samples.forEach((sample, index) => {
    const ms = instantOrUndefined(sample.timestamp);
    if (ms === undefined) excluded.push({ index, timestamp: String(sample.timestamp), reason: 'malformed' });
    else timed.push({ index, sample, ms });
  });
  timed.sort((a, b) => a.ms - b.ms || a.index - b.index);

  const window: Window = {
    realStartMs,
    realStopMs,
    stopMs: floorToSecond(realStopMs),
    meterStart,
    meterStop,
    points: [{ ms: floorToSecond(realStartMs), energyWh: ZERO }],
  };
  const held: HeldReading[] = [];
  for (const entry of timed) {
    const reason = placeSample(entry, window);
    if (reason) {
      excluded.push({ index: entry.index, timestamp: entry.sample.timestamp, reason });
      continue;
    }
    const currentA = decimalOrUndefined(entry.sample.currentA);
    const socPercent = decimalOrUndefined(entry.sample.socPercent);
    if (currentA || socPercent) held.push({ ms: Math.min(entry.ms, window.stopMs), currentA, socPercent });
  }

  const { points, stopMs } = window;
  const totalWh = meterStop
    ? meterStop.minus(meterStart)
    : (window.tailWh ?? points[points.length - 1].energyWh);
  if (points[points.length - 1].ms < stopMs) points.push({ ms: stopMs, energyWh: totalWh });
  excluded.sort((a, b) => a.index - b.index);
  return { startMs: points[0].ms, stopMs, totalWh, registerPoints: points, held, excluded };
}

interface Window {
  realStartMs: number;
  realStopMs: number;
  /** The stop truncated to a whole second. */
  stopMs: number;
  meterStart: Decimal;
  meterStop: Decimal | undefined;
  points: RegisterPoint[];
  /** Latest reading within the session's last (partial) second, from the truncated stop on. */
  tailWh?: Decimal;
}

/** Appends the sample's register point when it fits; returns why it does not otherwise. A reading at the
 *  very start must equal the meter start and one at the very stop the meter stop. Readings in the last,
 *  partial second add no point of their own: without a meter stop the latest of them ends the session. */
function placeSample(entry: TimedSample, window: Window): ExcludedSample['reason'] | undefined {
  if (entry.ms < window.realStartMs) return 'before_session_start';
  if (entry.ms > window.realStopMs) return 'after_session_stop';
  if (entry.sample.energyWh === undefined) return 'missing_energy';
  const register = decimalOrUndefined(entry.sample.energyWh);
  if (register === undefined) return 'malformed';
  const { meterStart, meterStop, points } = window;
  if (register.lessThan(meterStart) || meterStop?.lessThan(register)) return 'outside_meter_start_stop';
  const energyWh = register.minus(meterStart);
  const previous = points[points.length - 1];
  if (energyWh.lessThan(window.tailWh ?? previous.energyWh)) return 'register_decreased';
  if (entry.ms === window.realStartMs) return energyWh.isZero() ? undefined : 'conflicting_reading';
  if (entry.ms === window.realStopMs && meterStop && !register.equals(meterStop))
    return 'conflicting_reading';
  if (entry.ms >= window.stopMs) {
    window.tailWh = energyWh;
    return undefined;
  }
  if (entry.ms === previous.ms) return energyWh.equals(previous.energyWh) ? undefined : 'conflicting_reading';
  points.push({ ms: entry.ms, energyWh });
  return undefined;
}
