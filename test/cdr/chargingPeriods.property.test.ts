// Properties of buildChargingPeriods over random sessions: whatever the samples, states and split plan,
// the period volumes add up exactly to the session totals and the periods tile the session.
import fc from 'fast-check';
import Decimal from 'decimal.js';
import { buildChargingPeriods } from '../../src/cdr/chargingPeriods';
import type { ConnectorState, MeterSample, StatusChange } from '../../src/session/types';
import { fixedSplitPlan } from './splitPlanFixture';

const STATES: ConnectorState[] = [
  'Charging',
  'SuspendedEV',
  'SuspendedEVSE',
  'Finishing',
  'Preparing',
  'Faulted',
];
const BASE_MS = Date.parse('2025-01-01T00:00:00Z');

const sessionArbitrary = fc
  .record({
    startOffsetMs: fc.integer({ min: 0, max: 999 }),
    steps: fc.array(
      fc.record({
        dtMs: fc.integer({ min: 1, max: 1_800_000 }),
        dWhTenths: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 200_000 })),
        currentA: fc.option(
          fc.integer({ min: 0, max: 640 }).map((tenths) => String(tenths / 10)),
          { nil: undefined },
        ),
      }),
      { maxLength: 30 },
    ),
    tailMs: fc.integer({ min: 0, max: 3_600_000 }),
    meterStartWh: fc.integer({ min: 0, max: 10_000_000 }),
    withMeterStop: fc.boolean(),
    states: fc.array(
      fc.record({ at: fc.double({ min: -0.1, max: 1, noNaN: true }), state: fc.constantFrom(...STATES) }),
      {
        maxLength: 8,
      },
    ),
    instants: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 5 }),
    energyThresholds: fc.array(fc.double({ min: 0, max: 1.2, noNaN: true }), { maxLength: 3 }),
    durations: fc.array(fc.integer({ min: 0, max: 60_000 }), { maxLength: 3 }),
    powerThresholdsW: fc.uniqueArray(fc.integer({ min: 0, max: 60_000 }), { maxLength: 3 }),
    currentThresholdsA: fc.uniqueArray(fc.integer({ min: 0, max: 64 }), { maxLength: 2 }),
  })
  .map((g) => {
    const startMs = BASE_MS + g.startOffsetMs;
    let ms = startMs;
    let register = new Decimal(g.meterStartWh);
    const samples: MeterSample[] = g.steps.map((step) => {
      ms += step.dtMs;
      register = register.plus(new Decimal(step.dWhTenths).dividedBy(10));
      return {
        timestamp: new Date(ms).toISOString(),
        energyWh: register.toString(),
        currentA: step.currentA,
      };
    });
    const stopMs = ms + g.tailMs;
    const span = stopMs - startMs;
    const at = (fraction: number) => startMs + Math.floor(fraction * span);
    const totalWh = register.minus(g.meterStartWh);
    const statusChanges: StatusChange[] = g.states.map((s) => ({
      timestamp: new Date(at(s.at)).toISOString(),
      state: s.state,
    }));
    return {
      input: {
        sessionStart: new Date(startMs).toISOString(),
        sessionStop: new Date(stopMs).toISOString(),
        meterStartWh: String(g.meterStartWh),
        meterStopWh: g.withMeterStop ? register.toString() : undefined,
        samples,
        statusChanges,
        splitPlan: fixedSplitPlan({
          instants: g.instants.map((f) => new Date(at(f)).toISOString()),
          energyThresholdsWh: g.energyThresholds.map((f) => totalWh.times(f).toDecimalPlaces(1).toString()),
          durationThresholdsSeconds: g.durations,
          powerThresholdsW: [...g.powerThresholdsW].sort((a, b) => a - b).map(String),
          currentThresholdsA: [...g.currentThresholdsA].sort((a, b) => a - b).map(String),
        }),
      },
      startMs,
      stopMs,
      totalWh,
    };
  });

const sum = (values: number[]) => values.reduce((total, v) => total.plus(String(v)), new Decimal(0));
const volumesOf = (periods: { dimensions: { type: string; volume: number }[] }[], type: string) =>
  periods.flatMap((p) => p.dimensions.filter((d) => d.type === type).map((d) => d.volume));

describe('buildChargingPeriods properties', () => {
  test('volumes add up exactly to the totals, and TIME + PARKING_TIME to the session duration in whole seconds', () => {
    fc.assert(
      fc.property(sessionArbitrary, ({ input, startMs, stopMs, totalWh }) => {
        const result = buildChargingPeriods(input);
        const { totals, periods } = result;
        const wholeStart = startMs - (startMs % 1000);
        const wholeStop = stopMs - (stopMs % 1000);
        const durationSeconds = (wholeStop - wholeStart) / 1000;

        expect(result.excludedSamples).toEqual([]);
        expect(totals.energyKwh).toBe(
          totalWh.dividedBy(1000).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toString(),
        );
        expect(sum(volumesOf(periods, 'ENERGY')).toString()).toBe(totals.energyKwh);
        expect(sum(volumesOf(periods, 'TIME')).toString()).toBe(totals.chargingTimeHours);
        expect(sum(volumesOf(periods, 'PARKING_TIME')).toString()).toBe(totals.parkingTimeHours);
        expect(new Decimal(totals.chargingTimeHours).plus(totals.parkingTimeHours).toString()).toBe(
          totals.timeHours,
        );
        // Time totals are truncated: never above the duration, at most 0.0002 h below it.
        const duration = new Decimal(durationSeconds).dividedBy(3600);
        expect(duration.minus(totals.timeHours).greaterThanOrEqualTo(0)).toBe(true);
        expect(duration.minus(totals.timeHours).lessThan('0.0002')).toBe(true);
        // Each dimension's sum lies less than 0.36 s below whole seconds: rounding up (as a step_size
        // does) recovers them exactly, and they add up to the session's duration.
        const chargingSeconds = new Decimal(totals.chargingTimeHours).times(3600);
        const parkingSeconds = new Decimal(totals.parkingTimeHours).times(3600);
        expect(chargingSeconds.ceil().minus(chargingSeconds).toNumber()).toBeLessThan(0.36);
        expect(parkingSeconds.ceil().minus(parkingSeconds).toNumber()).toBeLessThan(0.36);
        expect(chargingSeconds.ceil().plus(parkingSeconds.ceil()).toNumber()).toBe(durationSeconds);

        // The periods tile the session in whole seconds, each either charging or parking.
        const starts = periods.map((p) => Date.parse(p.start_date_time));
        expect(starts[0]).toBe(wholeStart);
        starts.forEach((ms, i) => {
          expect(ms % 1000).toBe(0);
          if (i > 0) expect(ms).toBeGreaterThan(starts[i - 1]);
          if (durationSeconds > 0) expect(ms).toBeLessThan(wholeStop);
        });
        for (const period of periods) {
          const kinds = period.dimensions.filter((d) => d.type === 'TIME' || d.type === 'PARKING_TIME');
          expect(kinds).toHaveLength(1);
          for (const d of period.dimensions) expect(d.volume).toBeGreaterThanOrEqual(0);
        }
        // Every tariff instant inside the session starts a period.
        const planned = input.splitPlan
          .instantsBetween(wholeStart, wholeStop)
          .map((ms) => Math.ceil(ms / 1000) * 1000);
        for (const ms of planned) if (ms > wholeStart && ms < wholeStop) expect(starts).toContain(ms);
      }),
      { numRuns: 400 },
    );
  });
});
