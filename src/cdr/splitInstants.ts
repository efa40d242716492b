// The instants where a tariff restriction can change the price, so a charging period must end there:
// time-of-day/date/weekday/validity changes (from the SplitPlan), duration thresholds, and the instants the
// session's energy crosses a kWh threshold (interpolated between the readings around it).
//
// Every instant is rounded UP to a whole second: a period never starts before the change that causes it,
// and at an energy threshold the next period starts with at least the threshold's energy behind it (the
// period before may hold up to one second's energy above the threshold).
import { Dec, parseDecimal } from '../session/decimal';
import { ceilToSecond } from '../session/instant';
import type { SplitPlan } from '../tariff/splitPlan';
import type { Interval } from './timeline';

export interface SessionWindow {
  startMs: number;
  stopMs: number;
}

export function tariffSplitInstants(
  plan: SplitPlan,
  window: SessionWindow,
  intervals: readonly Interval[],
): number[] {
  const instants = [
    ...plan.instantsBetween(window.startMs, window.stopMs).map((ms, i) => {
      if (!Number.isSafeInteger(ms))
        throw new Error(`splitPlan.instantsBetween()[${i}]: not an epoch-ms integer: ${ms}`);
      return ceilToSecond(ms);
    }),
    ...plan.durationThresholdsSeconds.map((seconds, i) => {
      if (!Number.isFinite(seconds))
        throw new Error(`splitPlan.durationThresholdsSeconds[${i}]: not a number: ${seconds}`);
      return ceilToSecond(new Dec(seconds).times(1000).ceil().plus(window.startMs).toNumber());
    }),
    ...plan.energyThresholdsWh.flatMap((text, i) => {
      const crossing = energyCrossing(intervals, parseDecimal(text, `splitPlan.energyThresholdsWh[${i}]`));
      return crossing === undefined ? [] : [ceilToSecond(crossing)];
    }),
  ];
  return [...new Set(instants)]
    .filter((ms) => ms > window.startMs && ms < window.stopMs)
    .sort((a, b) => a - b);
}

/** First instant (epoch ms, rounded up) at which the session's energy reaches `thresholdWh`, if it does
 *  after the start. */
function energyCrossing(intervals: readonly Interval[], thresholdWh: Dec): number | undefined {
  if (!thresholdWh.greaterThan(0)) return undefined;
  const interval = intervals.find(
    (candidate) =>
      candidate.energyStartWh.lessThan(thresholdWh) && thresholdWh.lessThanOrEqualTo(candidate.energyEndWh),
  );
  if (!interval) return undefined;
  // Multiply before dividing: an instant that is exactly a whole millisecond stays exact.
  return thresholdWh
    .minus(interval.energyStartWh)
    .times(interval.endMs - interval.startMs)
    .dividedBy(interval.energyEndWh.minus(interval.energyStartWh))
    .ceil()
    .plus(interval.startMs)
    .toNumber();
}
