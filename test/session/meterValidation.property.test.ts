// Properties of the incremental classifier over random sample streams, and its agreement with the CDR
// builder: the live running totals and the final charging periods use one charging/idle rule.
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { buildChargingPeriods } from '../../src/cdr/chargingPeriods';
import {
  applyStatusChange,
  classifySample,
  startMeterRunningState,
  type MeterRunningState,
} from '../../src/session/meterValidation';
import type { ConnectorState, MeterSample, StatusChange } from '../../src/session/types';
import { fixedSplitPlan } from '../cdr/splitPlanFixture';

const START_MS = Date.parse('2025-02-01T08:00:00Z');
const NOW = '2025-02-03T00:00:00Z';
const STATES: ConnectorState[] = ['Charging', 'SuspendedEV', 'SuspendedEVSE', 'Finishing', 'Preparing'];
const iso = (ms: number) => new Date(ms).toISOString();

/** A well-behaved session: whole-second timestamps, rising register, at most 350 kW. */
const cleanSession = fc
  .record({
    meterStartWh: fc.integer({ min: 0, max: 5_000_000 }),
    steps: fc.array(
      fc.record({
        dtSeconds: fc.integer({ min: 1, max: 1200 }),
        kw: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 350 })),
      }),
      { minLength: 1, maxLength: 25 },
    ),
    states: fc.array(
      fc.record({ at: fc.double({ min: -0.05, max: 1, noNaN: true }), state: fc.constantFrom(...STATES) }),
      {
        maxLength: 6,
      },
    ),
  })
  .map(({ meterStartWh, steps, states }) => {
    let ms = START_MS;
    let register = meterStartWh;
    const samples: MeterSample[] = steps.map(({ dtSeconds, kw }) => {
      ms += dtSeconds * 1000;
      register += Math.floor((kw * 1000 * dtSeconds) / 3600); // whole Wh, never above kw
      return { timestamp: iso(ms), energyWh: String(register) };
    });
    const span = ms - START_MS;
    const statuses: StatusChange[] = states.map(({ at, state }) => ({
      timestamp: iso(START_MS + Math.floor((at * span) / 1000) * 1000),
      state,
    }));
    return { meterStartWh, samples, statuses, stopMs: ms, stopRegister: register };
  });

type Event = { sample: MeterSample } | { status: StatusChange };

function run(meterStartWh: number, events: Event[]) {
  let state: MeterRunningState = startMeterRunningState({
    sessionStart: iso(START_MS),
    meterStartWh: String(meterStartWh),
  });
  const accepted: MeterSample[] = [];
  for (const event of events) {
    if ('status' in event) {
      state = applyStatusChange(state, event.status);
      continue;
    }
    const result = classifySample(state, event.sample, NOW);
    state = result.state;
    if (result.verdict.accepted) accepted.push(event.sample);
  }
  return { state, accepted };
}

function chronological(samples: MeterSample[], statuses: StatusChange[]): Event[] {
  const events: Event[] = [
    ...samples.map((sample) => ({ sample })),
    ...statuses.map((status) => ({ status })),
  ];
  const at = (e: Event) => Date.parse('sample' in e ? e.sample.timestamp : e.status.timestamp);
  return events
    .map((e, i) => ({ e, i }))
    .sort((a, b) => at(a.e) - at(b.e) || a.i - b.i)
    .map(({ e }) => e);
}

describe('classifySample properties', () => {
  test('whatever arrives, the accepted readings move forward in time and never down in energy', () => {
    const garbage = fc.oneof(
      fc.record({ timestamp: fc.constant('garbage'), energyWh: fc.constant('1') }),
      fc.record({ timestamp: fc.constant(iso(START_MS + 60_000)), energyWh: fc.constant('0') }),
      fc.record({ timestamp: fc.constant('1990-01-01T00:00:00Z'), energyWh: fc.constant('5') }),
      fc.record({ timestamp: fc.constant(iso(START_MS + 600_000)), energyWh: fc.constant('999999999') }),
    );
    fc.assert(
      fc.property(
        cleanSession,
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.array(garbage, { maxLength: 4 }),
        (session, moves, junk) => {
          // Arrival order: the clean stream with duplicates, swapped neighbours and junk mixed in.
          const arrivals: MeterSample[] = [...session.samples];
          moves.forEach((move, k) => {
            const i = move % arrivals.length;
            if (k % 3 === 0) arrivals.splice(i, 0, { ...arrivals[i] });
            else if (k % 3 === 1 && i + 1 < arrivals.length)
              [arrivals[i], arrivals[i + 1]] = [arrivals[i + 1], arrivals[i]];
            else if (junk.length > 0) arrivals.splice(i, 0, junk[k % junk.length]);
          });
          const { state, accepted } = run(
            session.meterStartWh,
            arrivals.map((sample) => ({ sample })),
          );
          let lastMs = START_MS;
          let lastRegister = new Decimal(session.meterStartWh);
          for (const sample of accepted) {
            const ms = Date.parse(sample.timestamp);
            const register = new Decimal(sample.energyWh!);
            expect(ms).toBeGreaterThanOrEqual(lastMs);
            expect(register.greaterThanOrEqualTo(lastRegister)).toBe(true);
            lastMs = ms;
            lastRegister = register;
          }
          expect(state.energyWh).toBe(lastRegister.minus(session.meterStartWh).toString());
          expect(state.chargingMs + state.parkingMs).toBe(lastMs - START_MS);
          expect(state.samplesAccepted).toBe(accepted.length);
          expect(state.recentFingerprints.length).toBeLessThanOrEqual(16);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a clean stream is accepted whole, and its live totals match the CDR built from it', () => {
    fc.assert(
      fc.property(cleanSession, (session) => {
        const { state, accepted } = run(
          session.meterStartWh,
          chronological(session.samples, session.statuses),
        );
        expect(accepted).toEqual(session.samples);
        const cdr = buildChargingPeriods({
          sessionStart: iso(START_MS),
          sessionStop: iso(session.stopMs),
          meterStartWh: String(session.meterStartWh),
          meterStopWh: String(session.stopRegister),
          samples: accepted,
          statusChanges: session.statuses,
          splitPlan: fixedSplitPlan(),
        });
        const seconds = (hours: string) => new Decimal(hours).times(3600).round().toNumber();
        expect(seconds(cdr.totals.chargingTimeHours)).toBe(state.chargingMs / 1000);
        expect(seconds(cdr.totals.parkingTimeHours)).toBe(state.parkingMs / 1000);
        expect(new Decimal(cdr.totals.energyKwh).times(1000).toString()).toBe(state.energyWh);
      }),
      { numRuns: 300 },
    );
  });
});
