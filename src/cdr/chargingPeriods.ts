// From a session's meter readings and connector states to OCPI 2.2.1 charging periods (pure).
//
// A new period starts at every instant where a tariff restriction can change the price (the SplitPlan's
// time/date/validity instants, duration thresholds, energy thresholds crossed), where the session turns
// from charging (TIME) to idle (PARKING_TIME) or back (src/session/activity.ts), and where the power or
// current moves into another band between the plan's thresholds. Each period is therefore priced by one
// set of tariff elements and carries one of TIME or PARKING_TIME.
//
// Power is the average power between two meter readings (the billed register, not the charger's
// instantaneous Power.Active.Import, which can disagree with the energy it is billed for); current is the
// last Current.Import reading, held until the next. Rounding: see volumes.ts.
import type { CdrDimension, ChargingPeriod } from '../tariff/types';
import type { SplitPlan } from '../tariff/splitPlan';
import {
  classifyActivity,
  resolveActivityPolicy,
  type Activity,
  type ActivityPolicy,
} from '../session/activity';
import { parseDecimal, ZERO, type Dec } from '../session/decimal';
import { ceilToSecond, formatInstant, parseInstantField } from '../session/instant';
import type { StatusChange } from '../session/types';
import {
  collectSessionReadings,
  type ExcludedSample,
  type HeldReading,
  type SessionMetering,
} from './sessionReadings';
import { tariffSplitInstants } from './splitInstants';
import { lastIndexAtOrBefore } from './timedLookup';
import { buildIntervals, cutAt, energyAt, intervalIndexAt, type Interval, type TimedState } from './timeline';
import { jsonNumber, periodHours, reportedAmperes, reportedKw, reportedPercent, roundedKwh } from './volumes';

export interface ChargingPeriodsInput extends SessionMetering {
  /** StatusNotifications of the session's connector, any order; one before the start sets the initial state. */
  statusChanges?: readonly StatusChange[];
  /** Where the session's tariff can change price (src/tariff/boundaries.ts builds it from the Tariff). */
  splitPlan: SplitPlan;
  policy?: Partial<ActivityPolicy>;
  /** Set as every period's tariff_id. */
  tariffId?: string;
  /** Also report dimensions OCPI allows in Sessions only (STATE_OF_CHARGE); a CDR must not carry them. */
  sessionOnlyDimensions?: boolean;
}

/** Session totals as exact decimal text, equal to the sums of the period volumes. */
export interface ChargingPeriodTotals {
  energyKwh: string;
  timeHours: string;
  chargingTimeHours: string;
  parkingTimeHours: string;
}

export interface ChargingPeriodsResult {
  /** The session's start and end as OCPI DateTimes (whole UTC seconds). */
  startDateTime: string;
  endDateTime: string;
  periods: ChargingPeriod[];
  totals: ChargingPeriodTotals;
  /** Samples that contradict the session window or meter start/stop: left out, never billed. */
  excludedSamples: ExcludedSample[];
}

interface DescribedInterval extends Interval {
  activity: Activity;
  currentA?: Dec;
  /** Activity and bands: periods split where this changes. */
  key: string;
}

interface Bands {
  power: Dec[];
  current: Dec[];
}

export function buildChargingPeriods(input: ChargingPeriodsInput): ChargingPeriodsResult {
  const policy = resolveActivityPolicy(input.policy);
  const readings = collectSessionReadings(input);
  const { startMs, stopMs } = readings;
  const base = buildIntervals(readings, parseStatusChanges(input.statusChanges ?? []));
  const tariffInstants = tariffSplitInstants(input.splitPlan, readings, base);
  const bands: Bands = {
    power: thresholds(input.splitPlan.powerThresholdsW, 'splitPlan.powerThresholdsW'),
    current: thresholds(input.splitPlan.currentThresholdsA, 'splitPlan.currentThresholdsA'),
  };
  const intervals = describe(cutAt(base, tariffInstants), readings.held, policy, bands);

  const edges = intervals.length > 0 ? periodEdges(intervals, tariffInstants, startMs, stopMs) : [startMs];
  const drafts = edges.map((from, k) => {
    const to = edges[k + 1] ?? stopMs;
    const members = intervals.length > 0 ? intervalsOfPeriod(intervals, from, to) : [];
    return {
      from,
      to,
      members,
      activity: members[0]?.activity ?? ('TIME' as Activity),
      durationMs: to - from,
    };
  });
  const hours = periodHours(drafts);
  const socReadings = readingsWith(readings.held, 'socPercent');
  const energyAtEdge = (ms: number) => (intervals.length > 0 ? energyAt(intervals, ms) : readings.totalWh);

  let charging = ZERO;
  let parking = ZERO;
  const periods = drafts.map(({ from, to, members, activity }, k): ChargingPeriod => {
    if (activity === 'TIME') charging = charging.plus(hours[k]);
    else parking = parking.plus(hours[k]);
    // Before the first period the session has delivered nothing (also in a zero-length session).
    const energyKwh = roundedKwh(energyAtEdge(to)).minus(k === 0 ? ZERO : roundedKwh(energyAtEdge(from)));
    const dimensions: CdrDimension[] = [
      { type: 'ENERGY', volume: jsonNumber(energyKwh) },
      { type: activity, volume: jsonNumber(hours[k]) },
      ...extremes(
        members.map((m) => reportedKw(m.powerW)),
        'MAX_POWER',
        'MIN_POWER',
      ),
      ...extremes(
        members.flatMap((m) => (m.currentA ? [reportedAmperes(m.currentA)] : [])),
        'MAX_CURRENT',
        'MIN_CURRENT',
      ),
    ];
    const soc = input.sessionOnlyDimensions ? heldAt(socReadings, to, 'socPercent') : undefined;
    if (soc) dimensions.push({ type: 'STATE_OF_CHARGE', volume: jsonNumber(reportedPercent(soc)) });
    return {
      start_date_time: formatInstant(from),
      dimensions,
      ...(input.tariffId !== undefined && { tariff_id: input.tariffId }),
    };
  });

  return {
    startDateTime: formatInstant(startMs),
    endDateTime: formatInstant(stopMs),
    periods,
    totals: {
      energyKwh: roundedKwh(readings.totalWh).toString(),
      timeHours: charging.plus(parking).toString(),
      chargingTimeHours: charging.toString(),
      parkingTimeHours: parking.toString(),
    },
    excludedSamples: readings.excluded,
  };
}

function parseStatusChanges(changes: readonly StatusChange[]): TimedState[] {
  return changes
    .map((change, i) => ({
      ms: parseInstantField(change.timestamp, `statusChanges[${i}].timestamp`),
      state: change.state,
      i,
    }))
    .sort((a, b) => a.ms - b.ms || a.i - b.i)
    .map(({ ms, state }) => ({ ms, state }));
}

function thresholds(texts: readonly string[], field: string): Dec[] {
  return texts.map((text, i) => parseDecimal(text, `${field}[${i}]`)).sort((a, b) => a.comparedTo(b));
}

/** How many thresholds lie at or below the value: restrictions apply "from" a min and "below" a max. */
function bandOf(value: Dec | undefined, bounds: readonly Dec[]): number {
  // Without thresholds every value prices alike, so a reading that becomes known is no reason to split.
  if (bounds.length === 0) return 0;
  if (value === undefined) return -1;
  return bounds.filter((bound) => bound.lessThanOrEqualTo(value)).length;
}

function describe(
  intervals: readonly Interval[],
  held: readonly HeldReading[],
  policy: ActivityPolicy,
  bands: Bands,
) {
  const currents = readingsWith(held, 'currentA');
  return intervals.map((interval): DescribedInterval => {
    const activity = classifyActivity({ ...interval, energyBeforeWh: interval.energyStartWh }, policy);
    const currentA = heldAt(currents, interval.startMs, 'currentA');
    const key = `${activity}|${bandOf(interval.powerW, bands.power)}|${bandOf(currentA, bands.current)}`;
    return { ...interval, activity, currentA, key };
  });
}

/** The latest reading of `field` at or before `ms` (sample-and-hold); `held` holds only readings with it. */
function heldAt(held: readonly HeldReading[], ms: number, field: 'currentA' | 'socPercent'): Dec | undefined {
  return held[lastIndexAtOrBefore(held, ms, (reading) => reading.ms)]?.[field];
}

function readingsWith(held: readonly HeldReading[], field: 'currentA' | 'socPercent'): HeldReading[] {
  return held.filter((reading) => reading[field] !== undefined);
}

/**
 * Period start instants: the session start, every tariff instant, and every change of activity or band
 * (rounded up to a whole second). A change that rounding folds back into the kind of period already
 * running is dropped; tariff instants always stay.
 */
function periodEdges(
  intervals: readonly DescribedInterval[],
  tariffInstants: number[],
  startMs: number,
  stopMs: number,
) {
  const candidates = new Map<number, boolean>(tariffInstants.map((ms) => [ms, true]));
  for (let i = 1; i < intervals.length; i++) {
    if (intervals[i].key === intervals[i - 1].key) continue;
    const ms = ceilToSecond(intervals[i].startMs);
    if (ms > startMs && ms < stopMs && !candidates.has(ms)) candidates.set(ms, false);
  }
  const keyAt = (ms: number) => intervals[intervalIndexAt(intervals, ms)].key;
  const edges = [startMs];
  let key = keyAt(startMs);
  for (const [ms, fromTariff] of [...candidates].sort((a, b) => a[0] - b[0])) {
    const next = keyAt(ms);
    if (!fromTariff && next === key) continue;
    edges.push(ms);
    key = next;
  }
  return edges;
}

/** The intervals of the period's own kind within [from, to): rounding may put a sliver (< 1 s) of the
 *  neighbouring kind inside a period; it does not change the period's activity or bands. */
function intervalsOfPeriod(
  intervals: readonly DescribedInterval[],
  from: number,
  to: number,
): DescribedInterval[] {
  const first = intervalIndexAt(intervals, from);
  const key = intervals[first].key;
  const members: DescribedInterval[] = [];
  for (let i = first; i < intervals.length && intervals[i].startMs < to; i++) {
    if (intervals[i].key === key) members.push(intervals[i]);
  }
  return members;
}

function extremes(
  values: Dec[],
  maxType: 'MAX_POWER' | 'MAX_CURRENT',
  minType: 'MIN_POWER' | 'MIN_CURRENT',
): CdrDimension[] {
  if (values.length === 0) return [];
  const max = values.reduce((a, b) => (b.greaterThan(a) ? b : a));
  const min = values.reduce((a, b) => (b.lessThan(a) ? b : a));
  return [
    { type: maxType, volume: jsonNumber(max) },
    { type: minType, volume: jsonNumber(min) },
  ];
}
