// The session as contiguous intervals over which nothing changes: one connector state, one average power,
// energy growing linearly. Interval edges are the register points, the state changes and (after
// refinement) the instants where a period must split. Energy at any instant is the linear interpolation
// inside its interval, so the whole session's energy is one continuous, non-decreasing function of time.
import type { Dec as Decimal } from '../session/decimal';
import { spreadSegmentEnergy, type StateSpan } from '../session/energyFlow';
import type { ConnectorState } from '../session/types';
import type { SessionReadings } from './sessionReadings';
import { lastIndexAtOrBefore } from './timedLookup';

export interface TimedState {
  ms: number;
  state: ConnectorState;
}

export interface Interval {
  startMs: number;
  endMs: number;
  state: ConnectorState | undefined;
  /** Average power, W. */
  powerW: Decimal;
  /** Energy since the session start at the interval's edges, Wh. */
  energyStartWh: Decimal;
  energyEndWh: Decimal;
}

const timeOfChange = (change: TimedState) => change.ms;

/** Connector state at `ms`: the latest change at or before it (changes sorted by time). */
export function stateAt(changes: readonly TimedState[], ms: number): ConnectorState | undefined {
  return changes[lastIndexAtOrBefore(changes, ms, timeOfChange)]?.state;
}

/** Intervals between consecutive register points and state changes, energy spread by the flow model. */
export function buildIntervals(readings: SessionReadings, changes: readonly TimedState[]): Interval[] {
  const intervals: Interval[] = [];
  const points = readings.registerPoints;
  for (let i = 1; i < points.length; i++) {
    const from = points[i - 1];
    const to = points[i];
    const spans: StateSpan[] = [];
    let startMs = from.ms;
    let state = stateAt(changes, startMs);
    for (let c = lastIndexAtOrBefore(changes, from.ms, timeOfChange) + 1; c < changes.length; c++) {
      const change = changes[c];
      if (change.ms >= to.ms) break;
      if (change.ms > startMs) spans.push({ startMs, endMs: change.ms, state });
      startMs = change.ms;
      state = change.state;
    }
    spans.push({ startMs, endMs: to.ms, state });
    const flows = spreadSegmentEnergy(to.energyWh.minus(from.energyWh), spans);
    let energyWh = from.energyWh;
    flows.forEach(({ energyWh: gained, ...span }, index) => {
      const energyEndWh = index === flows.length - 1 ? to.energyWh : energyWh.plus(gained);
      intervals.push({ ...span, energyStartWh: energyWh, energyEndWh });
      energyWh = energyEndWh;
    });
  }
  return intervals;
}

/** Index of the interval containing `ms` (start ≤ ms < end); the last one for its end instant. */
export function intervalIndexAt(intervals: readonly Interval[], ms: number): number {
  return Math.max(
    0,
    lastIndexAtOrBefore(intervals, ms, (interval) => interval.startMs),
  );
}

/** Energy since the session start at `ms`, Wh, interpolated linearly inside its interval. */
export function energyAt(intervals: readonly Interval[], ms: number): Decimal {
  const interval = intervals[intervalIndexAt(intervals, ms)];
  if (ms <= interval.startMs) return interval.energyStartWh;
  if (ms >= interval.endMs) return interval.energyEndWh;
  const gained = interval.energyEndWh.minus(interval.energyStartWh);
  return interval.energyStartWh.plus(
    gained.times(ms - interval.startMs).dividedBy(interval.endMs - interval.startMs),
  );
}

/** The same intervals, cut at each instant (ascending) that falls strictly inside one. */
export function cutAt(intervals: readonly Interval[], instants: readonly number[]): Interval[] {
  const result: Interval[] = [];
  let next = 0;
  for (const interval of intervals) {
    let current = interval;
    while (next < instants.length && instants[next] <= current.startMs) next++;
    while (next < instants.length && instants[next] < current.endMs) {
      const cut = instants[next++];
      const energyWh = energyAt([current], cut);
      result.push({ ...current, endMs: cut, energyEndWh: energyWh });
      current = { ...current, startMs: cut, energyStartWh: energyWh };
    }
    result.push(current);
  }
  return result;
}
