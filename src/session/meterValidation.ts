// Incremental, pure classification of meter samples as a session receives them (possibly late, twice, out
// of order, or nonsense), with the running totals a session workflow keeps. Accepted samples are the only
// ones ever billed; flagged samples are stored and reported with their reasons.
//
// The state is small and JSON-serialisable (it lives in workflow state and crosses continue-as-new): the
// last accepted reading, totals, the connector states since that reading, counters and a short ring of
// recent sample fingerprints — never the samples themselves. Every function returns a new state.
import { classifyActivity, resolveActivityPolicy, type ActivityPolicy } from './activity';
import { averagePowerW, decimalOrUndefined, Dec, parseDecimal, type Dec as Decimal } from './decimal';
import { spreadSegmentEnergy, type StateSpan } from './energyFlow';
import { instantOrUndefined, parseInstantField } from './instant';
import type { ConnectorState, MeterSample, StatusChange } from './types';

export type SampleFlag =
  /** Timestamp or a value is not parseable, a register is negative, or SoC is outside 0–100. */
  | 'malformed'
  /** Same timestamp and values as a sample seen recently (a charger re-sending after reconnecting). */
  | 'duplicate'
  /** Earlier than the last accepted reading (the session start counts as the first reading). */
  | 'out_of_order'
  /** Energy register lower than the last accepted reading. */
  | 'negative_delta'
  /** Energy register dropped to about zero: the meter was reset or wrapped around. */
  | 'register_reset'
  /** Timestamp beyond the caller's "now" plus the allowed clock skew. */
  | 'future'
  /** Timestamp before 2000-01-01 (an unset charger clock) or well before the session start. */
  | 'ancient'
  /** The energy since the last accepted reading implies more power than any charger delivers. */
  | 'impossible_power'
  /** No Energy.Active.Import.Register in the sample: nothing to bill from. */
  | 'missing_energy';

export interface SampleFlagReason {
  flag: SampleFlag;
  detail: string;
}

export type SampleVerdict = { accepted: true } | { accepted: false; reasons: SampleFlagReason[] };

export interface MeterValidationLimits {
  /** Allowed clock skew of the charger ahead of the caller's "now", seconds. */
  maxFutureSkewSeconds: number;
  /** Samples earlier than session start by more than this are `ancient` (by less: `out_of_order`). */
  maxBeforeStartSeconds: number;
  /** Anything earlier is an unset clock. */
  earliestPlausible: string;
  /** Highest plausible average power between two readings, W (decimal text). */
  maxPowerW: string;
  /** A register falling below this (Wh) from at or above it is a reset or wrap, not a small glitch. */
  resetNearZeroWh: string;
}

export const DEFAULT_METER_VALIDATION_LIMITS: MeterValidationLimits = {
  maxFutureSkewSeconds: 300,
  maxBeforeStartSeconds: 300,
  earliestPlausible: '2000-01-01T00:00:00Z',
  maxPowerW: '1000000',
  resetNearZeroWh: '1000',
};

/** How many recent sample fingerprints are kept for duplicate detection. */
const FINGERPRINT_RING = 16;
/** Connector states kept between two readings; beyond this the oldest is taken as effective at the last
 *  reading (live totals only: the CDR is built from the stored status history). */
const MAX_PENDING_STATES = 64;

interface TimedState {
  ms: number;
  state: ConnectorState;
}

export interface MeterRunningState {
  sessionStartMs: number;
  meterStartWh: string;
  limits: MeterValidationLimits;
  policy: ActivityPolicy;
  /** Last accepted reading; the session start with the meter start until a sample is accepted. */
  lastReading: { ms: number; registerWh: string };
  /** Timestamp text of the last accepted sample. */
  lastSampleAt?: string;
  /** Energy so far: last accepted register − meter start, Wh. */
  energyWh: string;
  /** Time up to the last accepted reading classified as charging / idle (OCPI TIME / PARKING_TIME). */
  chargingMs: number;
  parkingMs: number;
  /** Latest connector state reported. */
  connectorState?: ConnectorState;
  /** The connector state in effect at the last reading (and since when). */
  stateAtReading?: TimedState;
  /** State changes after the last reading, by time. */
  pendingStates: TimedState[];
  samplesSeen: number;
  samplesAccepted: number;
  flagCounts: Partial<Record<SampleFlag, number>>;
  recentFingerprints: string[];
}

export interface SessionMeterStart {
  sessionStart: string;
  meterStartWh: string;
  limits?: Partial<MeterValidationLimits>;
  policy?: Partial<ActivityPolicy>;
}

export function startMeterRunningState(start: SessionMeterStart): MeterRunningState {
  const sessionStartMs = parseInstantField(start.sessionStart, 'sessionStart');
  const meterStart = parseDecimal(start.meterStartWh, 'meterStartWh');
  if (meterStart.isNegative())
    throw new Error(`meterStartWh: a register cannot be negative, got "${start.meterStartWh}"`);
  const limits = { ...DEFAULT_METER_VALIDATION_LIMITS, ...start.limits };
  parseInstantField(limits.earliestPlausible, 'limits.earliestPlausible');
  parseDecimal(limits.maxPowerW, 'limits.maxPowerW');
  parseDecimal(limits.resetNearZeroWh, 'limits.resetNearZeroWh');
  return {
    sessionStartMs,
    meterStartWh: meterStart.toString(),
    limits,
    policy: resolveActivityPolicy(start.policy),
    lastReading: { ms: sessionStartMs, registerWh: meterStart.toString() },
    energyWh: '0',
    chargingMs: 0,
    parkingMs: 0,
    pendingStates: [],
    samplesSeen: 0,
    samplesAccepted: 0,
    flagCounts: {},
    recentFingerprints: [],
  };
}

interface ParsedSample {
  ms: number;
  energyWh?: Decimal;
  fingerprint: string;
}

/** Parses the sample's timestamp and values, or says what is malformed. */
function parseSample(sample: MeterSample): ParsedSample | SampleFlagReason {
  const ms = instantOrUndefined(sample.timestamp);
  if (ms === undefined)
    return malformed(`timestamp ${JSON.stringify(sample.timestamp)} is not an ISO 8601 instant`);
  const values: Record<string, Decimal | undefined> = {};
  for (const field of ['energyWh', 'powerW', 'currentA', 'socPercent'] as const) {
    const text = sample[field];
    if (text === undefined) continue;
    const value = decimalOrUndefined(text);
    if (value === undefined) return malformed(`${field} ${JSON.stringify(text)} is not a decimal number`);
    values[field] = value;
  }
  if (values.energyWh?.isNegative()) return malformed(`energyWh ${sample.energyWh} is negative`);
  if (values.socPercent && (values.socPercent.isNegative() || values.socPercent.greaterThan(100))) {
    return malformed(`socPercent ${sample.socPercent} is outside 0–100`);
  }
  const fingerprint = [ms, values.energyWh, values.powerW, values.currentA, values.socPercent]
    .map((value) => value?.toString() ?? '')
    .join('|');
  return { ms, energyWh: values.energyWh, fingerprint };
}

function malformed(detail: string): SampleFlagReason {
  return { flag: 'malformed', detail };
}

/** Reasons to flag a well-formed, not duplicated sample; empty when it may be billed. */
function flagReasons(state: MeterRunningState, sample: ParsedSample, nowMs: number): SampleFlagReason[] {
  const { limits, lastReading } = state;
  const reasons: SampleFlagReason[] = [];
  const future = sample.ms > nowMs + limits.maxFutureSkewSeconds * 1000;
  if (future)
    reasons.push({ flag: 'future', detail: `more than ${limits.maxFutureSkewSeconds} s after now` });
  const earliestMs = parseInstantField(limits.earliestPlausible, 'limits.earliestPlausible');
  const ancient =
    sample.ms < earliestMs || sample.ms < state.sessionStartMs - limits.maxBeforeStartSeconds * 1000;
  if (ancient) {
    const detail =
      sample.ms < earliestMs
        ? `before ${limits.earliestPlausible}: the charger clock is not set`
        : `more than ${limits.maxBeforeStartSeconds} s before the session start`;
    reasons.push({ flag: 'ancient', detail });
  }
  if (sample.energyWh === undefined) {
    reasons.push({ flag: 'missing_energy', detail: 'no Energy.Active.Import.Register value' });
    if (!future && !ancient && sample.ms < lastReading.ms) reasons.push(outOfOrder());
    return reasons;
  }
  if (future || ancient) return reasons;

  const lastRegister = new Dec(lastReading.registerWh);
  if (sample.ms < lastReading.ms || (sample.ms === lastReading.ms && !sample.energyWh.equals(lastRegister))) {
    reasons.push(outOfOrder());
    return reasons;
  }
  if (sample.energyWh.lessThan(lastRegister)) {
    const nearZero = new Dec(limits.resetNearZeroWh);
    const reset = sample.energyWh.lessThan(nearZero) && lastRegister.greaterThanOrEqualTo(nearZero);
    reasons.push({
      flag: reset ? 'register_reset' : 'negative_delta',
      detail: `register ${sample.energyWh} Wh is below the last accepted ${lastRegister} Wh`,
    });
    return reasons;
  }
  const deltaWh = sample.energyWh.minus(lastRegister);
  if (deltaWh.greaterThan(0)) {
    const elapsedMs = sample.ms - lastReading.ms;
    const powerW = averagePowerW(deltaWh, elapsedMs);
    if (powerW.greaterThan(limits.maxPowerW)) {
      const seconds = new Dec(elapsedMs).dividedBy(1000);
      reasons.push({
        flag: 'impossible_power',
        detail: `${deltaWh} Wh in ${seconds} s is ${powerW.toDecimalPlaces(0)} W, above ${limits.maxPowerW} W`,
      });
    }
  }
  return reasons;
}

function outOfOrder(): SampleFlagReason {
  return { flag: 'out_of_order', detail: 'earlier than (or conflicting with) the last accepted reading' };
}

/**
 * Classifies one sample against the running state. `now` is the caller's notion of the present (workflow
 * time), used only to recognise samples from the future.
 */
export function classifySample(
  state: MeterRunningState,
  sample: MeterSample,
  now: string,
): { state: MeterRunningState; verdict: SampleVerdict } {
  const nowMs = parseInstantField(now, 'now');
  const parsed = parseSample(sample);
  const seen = { ...state, samplesSeen: state.samplesSeen + 1 };
  if ('flag' in parsed) return flagged(seen, [parsed]);
  if (state.recentFingerprints.includes(parsed.fingerprint)) {
    return flagged(seen, [
      { flag: 'duplicate', detail: 'same timestamp and values as a sample already received' },
    ]);
  }
  const remembered = {
    ...seen,
    recentFingerprints: [...state.recentFingerprints, parsed.fingerprint].slice(-FINGERPRINT_RING),
  };
  const reasons = flagReasons(state, parsed, nowMs);
  if (reasons.length > 0) return flagged(remembered, reasons);
  return {
    state: { ...advanceReading(remembered, parsed.ms, parsed.energyWh!), lastSampleAt: sample.timestamp },
    verdict: { accepted: true },
  };
}

function flagged(
  state: MeterRunningState,
  reasons: SampleFlagReason[],
): { state: MeterRunningState; verdict: SampleVerdict } {
  const flagCounts = { ...state.flagCounts };
  for (const { flag } of reasons) flagCounts[flag] = (flagCounts[flag] ?? 0) + 1;
  return { state: { ...state, flagCounts }, verdict: { accepted: false, reasons } };
}

/** Moves the last reading to an accepted one, attributing the time in between to charging or parking. */
function advanceReading(state: MeterRunningState, ms: number, registerWh: Decimal): MeterRunningState {
  const { lastReading } = state;
  const energyBefore = new Dec(lastReading.registerWh).minus(state.meterStartWh);
  const deltaWh = registerWh.minus(lastReading.registerWh);
  const reached = state.pendingStates.filter((change) => change.ms <= ms);
  const spans: StateSpan[] = [];
  let from = lastReading.ms;
  let current = state.stateAtReading?.state;
  for (const change of reached) {
    if (change.ms > from) spans.push({ startMs: from, endMs: change.ms, state: current });
    from = Math.max(from, change.ms);
    current = change.state;
  }
  if (ms > from) spans.push({ startMs: from, endMs: ms, state: current });

  let { chargingMs, parkingMs } = state;
  let energySoFar = energyBefore;
  for (const span of spreadSegmentEnergy(deltaWh, spans)) {
    const activity = classifyActivity({ ...span, energyBeforeWh: energySoFar }, state.policy);
    if (activity === 'TIME') chargingMs += span.endMs - span.startMs;
    else parkingMs += span.endMs - span.startMs;
    energySoFar = energySoFar.plus(span.energyWh);
  }
  return {
    ...state,
    lastReading: { ms, registerWh: registerWh.toString() },
    energyWh: registerWh.minus(state.meterStartWh).toString(),
    chargingMs,
    parkingMs,
    stateAtReading: reached.length > 0 ? reached[reached.length - 1] : state.stateAtReading,
    pendingStates: state.pendingStates.filter((change) => change.ms > ms),
    samplesAccepted: state.samplesAccepted + 1,
  };
}

/** Records a connector state change. One older than the last reading can no longer re-attribute past
 *  time; it only tells the state at that reading (when it is the newest such news). */
export function applyStatusChange(state: MeterRunningState, change: StatusChange): MeterRunningState {
  const ms = parseInstantField(change.timestamp, 'statusChange.timestamp');
  const timed = { ms, state: change.state };
  let { stateAtReading, pendingStates } = state;
  if (ms <= state.lastReading.ms) {
    if (!stateAtReading || ms >= stateAtReading.ms) stateAtReading = timed;
  } else {
    const at = pendingStates.findIndex((pending) => pending.ms > ms);
    pendingStates =
      at < 0 ? [...pendingStates, timed] : [...pendingStates.slice(0, at), timed, ...pendingStates.slice(at)];
    if (pendingStates.length > MAX_PENDING_STATES) {
      stateAtReading = { ...pendingStates[0], ms: state.lastReading.ms };
      pendingStates = pendingStates.slice(1);
    }
  }
  const latest = pendingStates.length > 0 ? pendingStates[pendingStates.length - 1] : stateAtReading;
  return { ...state, stateAtReading, pendingStates, connectorState: latest?.state };
}

/** The running totals in the shape a session's live view shows (whole seconds, floor). */
export interface MeterRunningTotals {
  energyWh: string;
  chargingSeconds: number;
  parkingSeconds: number;
  samplesAccepted: number;
  samplesFlagged: number;
  lastSampleAt?: string;
  flags: SampleFlag[];
}

export function runningTotals(state: MeterRunningState): MeterRunningTotals {
  const flags = (Object.keys(state.flagCounts) as SampleFlag[]).filter(
    (flag) => (state.flagCounts[flag] ?? 0) > 0,
  );
  return {
    energyWh: state.energyWh,
    chargingSeconds: (state.chargingMs - (state.chargingMs % 1000)) / 1000,
    parkingSeconds: (state.parkingMs - (state.parkingMs % 1000)) / 1000,
    samplesAccepted: state.samplesAccepted,
    samplesFlagged: state.samplesSeen - state.samplesAccepted,
    lastSampleAt: state.lastSampleAt,
    flags: flags.sort(),
  };
}
