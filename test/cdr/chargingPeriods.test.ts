import { buildChargingPeriods } from '../../src/cdr/chargingPeriods';
import type { ChargingPeriod } from '../../src/tariff/types';
import { fixedSplitPlan } from './splitPlanFixture';

/** Periods as [start, {dimension: volume}] for compact expectations. */
function summary(periods: ChargingPeriod[]) {
  return periods.map((p) => [
    p.start_date_time,
    Object.fromEntries(p.dimensions.map((d) => [d.type, d.volume])),
  ]);
}

describe('buildChargingPeriods', () => {
  test('2 h in Europe/Berlin across the 18:00 price change, with an idle tail after SuspendedEV', () => {
    // 2025-01-15 is CET (UTC+1): 16:30–18:30 local is 15:30Z–17:30Z; the 18:00 boundary is 17:00Z.
    // 11 kW until the EV suspends at 17:40 local (16:40Z): the 16:45Z sample shows 1833 Wh since 16:30Z,
    // all of it delivered in the 10 charging minutes (10998 W).
    const result = buildChargingPeriods({
      sessionStart: '2025-01-15T15:30:00Z',
      sessionStop: '2025-01-15T17:30:00Z',
      meterStartWh: '1000000',
      meterStopWh: '1012833',
      samples: [
        { timestamp: '2025-01-15T15:45:00Z', energyWh: '1002750' },
        { timestamp: '2025-01-15T16:00:00Z', energyWh: '1005500' },
        { timestamp: '2025-01-15T16:15:00Z', energyWh: '1008250' },
        { timestamp: '2025-01-15T16:30:00Z', energyWh: '1011000' },
        { timestamp: '2025-01-15T16:45:00Z', energyWh: '1012833' },
        { timestamp: '2025-01-15T17:00:00Z', energyWh: '1012833' },
        { timestamp: '2025-01-15T17:15:00Z', energyWh: '1012833' },
      ],
      statusChanges: [
        { timestamp: '2025-01-15T15:29:40Z', state: 'Preparing' },
        { timestamp: '2025-01-15T15:30:00Z', state: 'Charging' },
        { timestamp: '2025-01-15T16:40:00Z', state: 'SuspendedEV' },
      ],
      splitPlan: fixedSplitPlan({ instants: ['2025-01-15T17:00:00Z'] }),
      tariffId: 'T-BERLIN',
    });

    expect(summary(result.periods)).toEqual([
      ['2025-01-15T15:30:00Z', { ENERGY: 12.833, TIME: 1.1666, MAX_POWER: 11, MIN_POWER: 10.998 }],
      ['2025-01-15T16:40:00Z', { ENERGY: 0, PARKING_TIME: 0.3333, MAX_POWER: 0, MIN_POWER: 0 }],
      ['2025-01-15T17:00:00Z', { ENERGY: 0, PARKING_TIME: 0.5, MAX_POWER: 0, MIN_POWER: 0 }],
    ]);
    expect(result.periods.every((p) => p.tariff_id === 'T-BERLIN')).toBe(true);
    // Time totals run truncated: charging 70 min = 1.1666 h, parking 20 then 50 min = 0.3333 then 0.8333 h.
    expect(result.totals).toEqual({
      energyKwh: '12.833',
      timeHours: '1.9999',
      chargingTimeHours: '1.1666',
      parkingTimeHours: '0.8333',
    });
    expect(result.startDateTime).toBe('2025-01-15T15:30:00Z');
    expect(result.endDateTime).toBe('2025-01-15T17:30:00Z');
    expect(result.excludedSamples).toEqual([]);
  });

  test('across midnight: the energy up to 00:00 local is interpolated between the samples around it', () => {
    // 2025-06-10 is CEST (UTC+2): local midnight is 22:00Z. 7.4 kW throughout; between the 21:45Z and
    // 22:15Z samples (6850 → 10550 Wh) the register at 22:00Z is 8700 Wh, i.e. 3.7 kWh since the start.
    const result = buildChargingPeriods({
      sessionStart: '2025-06-10T21:30:00Z',
      sessionStop: '2025-06-10T22:45:00Z',
      meterStartWh: '5000',
      meterStopWh: '14250',
      samples: [
        { timestamp: '2025-06-10T21:45:00Z', energyWh: '6850' },
        { timestamp: '2025-06-10T22:15:00Z', energyWh: '10550' },
      ],
      splitPlan: fixedSplitPlan({ instants: ['2025-06-10T22:00:00Z'] }),
    });
    expect(summary(result.periods)).toEqual([
      ['2025-06-10T21:30:00Z', { ENERGY: 3.7, TIME: 0.5, MAX_POWER: 7.4, MIN_POWER: 7.4 }],
      ['2025-06-10T22:00:00Z', { ENERGY: 5.55, TIME: 0.75, MAX_POWER: 7.4, MIN_POWER: 7.4 }],
    ]);
    expect(result.totals).toEqual({
      energyKwh: '9.25',
      timeHours: '1.25',
      chargingTimeHours: '1.25',
      parkingTimeHours: '0',
    });
    expect(result.periods[0].tariff_id).toBeUndefined();
  });

  test('DST spring-forward night in Europe/Berlin: the 00:00–06:00 local period lasts 5 real hours', () => {
    // 2025-03-30: clocks jump from 02:00 CET to 03:00 CEST. Local 00:00 = 2025-03-29T23:00Z (CET),
    // local 06:00 = 04:00Z (CEST). Session 23:00 CET → 07:00 CEST is 7 h, not the 8 the wall clock shows.
    const samples = ['23', '00', '01', '02', '03', '04'].map((hour, i) => ({
      timestamp: `${hour === '23' ? '2025-03-29' : '2025-03-30'}T${hour}:00:00Z`,
      energyWh: String(3700 * (i + 1)),
    }));
    const result = buildChargingPeriods({
      sessionStart: '2025-03-29T22:00:00Z',
      sessionStop: '2025-03-30T05:00:00Z',
      meterStartWh: '0',
      meterStopWh: '25900',
      samples,
      splitPlan: fixedSplitPlan({ instants: ['2025-03-29T23:00:00Z', '2025-03-30T04:00:00Z'] }),
    });
    expect(summary(result.periods)).toEqual([
      ['2025-03-29T22:00:00Z', { ENERGY: 3.7, TIME: 1, MAX_POWER: 3.7, MIN_POWER: 3.7 }],
      ['2025-03-29T23:00:00Z', { ENERGY: 18.5, TIME: 5, MAX_POWER: 3.7, MIN_POWER: 3.7 }],
      ['2025-03-30T04:00:00Z', { ENERGY: 3.7, TIME: 1, MAX_POWER: 3.7, MIN_POWER: 3.7 }],
    ]);
    expect(result.totals.timeHours).toBe('7');
    expect(result.totals.energyKwh).toBe('25.9');
  });

  test('DST fall-back night without samples: energy interpolated from meter start/stop, 00:00–06:00 local is 7 h', () => {
    // 2025-10-26: 03:00 CEST becomes 02:00 CET. Local 00:00 = 2025-10-25T22:00Z, local 06:00 = 05:00Z.
    // 2 kW for 9 h = 18 kWh, spread evenly: 2 + 14 + 2.
    const result = buildChargingPeriods({
      sessionStart: '2025-10-25T21:00:00Z',
      sessionStop: '2025-10-26T06:00:00Z',
      meterStartWh: '40000',
      meterStopWh: '58000',
      samples: [],
      splitPlan: fixedSplitPlan({ instants: ['2025-10-25T22:00:00Z', '2025-10-26T05:00:00Z'] }),
    });
    expect(summary(result.periods)).toEqual([
      ['2025-10-25T21:00:00Z', { ENERGY: 2, TIME: 1, MAX_POWER: 2, MIN_POWER: 2 }],
      ['2025-10-25T22:00:00Z', { ENERGY: 14, TIME: 7, MAX_POWER: 2, MIN_POWER: 2 }],
      ['2025-10-26T05:00:00Z', { ENERGY: 2, TIME: 1, MAX_POWER: 2, MIN_POWER: 2 }],
    ]);
  });

  test('a kWh threshold crossed between two samples splits at the interpolated instant, rounded up to the second', () => {
    // 9.5 kWh since start is reached between 10:20Z (7000 Wh) and 10:40Z (11100 Wh): 2500 of 4100 Wh,
    // i.e. 731.707… s after 10:20:00 → rounded up to 10:32:12, where the energy is 7000 + 4100 × 732/1200
    // = 9501 Wh. Power: 21 kW until 10:20, 12.3 kW until 10:40, 12 kW to the end.
    const result = buildChargingPeriods({
      sessionStart: '2025-05-05T10:00:00Z',
      sessionStop: '2025-05-05T10:45:00Z',
      meterStartWh: '250000',
      meterStopWh: '262100',
      samples: [
        { timestamp: '2025-05-05T10:20:00Z', energyWh: '257000' },
        { timestamp: '2025-05-05T10:40:00Z', energyWh: '261100' },
      ],
      splitPlan: fixedSplitPlan({ energyThresholdsWh: ['9500'] }),
    });
    expect(summary(result.periods)).toEqual([
      ['2025-05-05T10:00:00Z', { ENERGY: 9.501, TIME: 0.5366, MAX_POWER: 21, MIN_POWER: 12.3 }],
      ['2025-05-05T10:32:12Z', { ENERGY: 2.599, TIME: 0.2134, MAX_POWER: 12.3, MIN_POWER: 12 }],
    ]);
    expect(result.totals).toEqual({
      energyKwh: '12.1',
      timeHours: '0.75',
      chargingTimeHours: '0.75',
      parkingTimeHours: '0',
    });
  });

  test('power and current bands split where the charge rate crosses the tariff thresholds', () => {
    // 22 kW at 32 A for 30 min, then 7 kW at ~10 A; thresholds 11 kW and 16 A.
    const result = buildChargingPeriods({
      sessionStart: '2025-05-06T08:00:00Z',
      sessionStop: '2025-05-06T09:00:00Z',
      meterStartWh: '0',
      meterStopWh: '14500',
      samples: [
        { timestamp: '2025-05-06T08:00:00Z', energyWh: '0', currentA: '32', context: 'Transaction.Begin' },
        { timestamp: '2025-05-06T08:15:00Z', energyWh: '5500', currentA: '32' },
        { timestamp: '2025-05-06T08:30:00Z', energyWh: '11000', currentA: '10.5' },
        { timestamp: '2025-05-06T08:45:00Z', energyWh: '12750', currentA: '10.2' },
      ],
      splitPlan: fixedSplitPlan({ powerThresholdsW: ['11000'], currentThresholdsA: ['16'] }),
    });
    expect(summary(result.periods)).toEqual([
      [
        '2025-05-06T08:00:00Z',
        { ENERGY: 11, TIME: 0.5, MAX_POWER: 22, MIN_POWER: 22, MAX_CURRENT: 32, MIN_CURRENT: 32 },
      ],
      [
        '2025-05-06T08:30:00Z',
        { ENERGY: 3.5, TIME: 0.5, MAX_POWER: 7, MIN_POWER: 7, MAX_CURRENT: 10.5, MIN_CURRENT: 10.2 },
      ],
    ]);
  });

  test('without thresholds a change of power alone does not split', () => {
    const result = buildChargingPeriods({
      sessionStart: '2025-05-06T08:00:00Z',
      sessionStop: '2025-05-06T09:00:00Z',
      meterStartWh: '0',
      meterStopWh: '14500',
      samples: [{ timestamp: '2025-05-06T08:30:00Z', energyWh: '11000' }],
      splitPlan: fixedSplitPlan(),
    });
    expect(summary(result.periods)).toEqual([
      ['2025-05-06T08:00:00Z', { ENERGY: 14.5, TIME: 1, MAX_POWER: 22, MIN_POWER: 7 }],
    ]);
  });

  test('duration thresholds count from the start, truncated to the whole second', () => {
    const result = buildChargingPeriods({
      sessionStart: '2025-05-07T12:00:00.400Z',
      sessionStop: '2025-05-07T13:00:00.900Z',
      meterStartWh: '0',
      meterStopWh: '10000',
      samples: [],
      splitPlan: fixedSplitPlan({ durationThresholdsSeconds: [1800] }),
    });
    expect(summary(result.periods)).toEqual([
      ['2025-05-07T12:00:00Z', { ENERGY: 5, TIME: 0.5, MAX_POWER: 10, MIN_POWER: 10 }],
      ['2025-05-07T12:30:00Z', { ENERGY: 5, TIME: 0.5, MAX_POWER: 10, MIN_POWER: 10 }],
    ]);
    expect(result.startDateTime).toBe('2025-05-07T12:00:00Z');
    expect(result.endDateTime).toBe('2025-05-07T13:00:00Z');
  });

  describe('charging or idle', () => {
    // 09:00–09:10 Preparing (no energy yet); 09:10–09:40 7 kW; 09:40–09:50 SuspendedEVSE (load
    // management); 09:50–10:20 7 kW; 10:20–10:50 Charging but only 40 Wh (80 W: the battery is full);
    // 10:50–11:00 Finishing until the stop.
    const session = {
      sessionStart: '2025-05-08T09:00:00Z',
      sessionStop: '2025-05-08T11:00:00Z',
      meterStartWh: '0',
      meterStopWh: '7040',
      samples: [
        { timestamp: '2025-05-08T09:10:00Z', energyWh: '0' },
        { timestamp: '2025-05-08T09:40:00Z', energyWh: '3500' },
        { timestamp: '2025-05-08T09:50:00Z', energyWh: '3500' },
        { timestamp: '2025-05-08T10:20:00Z', energyWh: '7000' },
        { timestamp: '2025-05-08T10:50:00Z', energyWh: '7040' },
      ],
      statusChanges: [
        { timestamp: '2025-05-08T10:50:00Z', state: 'Finishing' as const },
        { timestamp: '2025-05-08T08:59:50Z', state: 'Preparing' as const },
        { timestamp: '2025-05-08T09:10:00Z', state: 'Charging' as const },
        { timestamp: '2025-05-08T09:40:00Z', state: 'SuspendedEVSE' as const },
        { timestamp: '2025-05-08T09:50:00Z', state: 'Charging' as const },
      ],
      splitPlan: fixedSplitPlan(),
    };

    test('default policy: waiting for the first energy and charger-side pauses are charging time', () => {
      const result = buildChargingPeriods(session);
      expect(summary(result.periods)).toEqual([
        ['2025-05-08T09:00:00Z', { ENERGY: 7, TIME: 1.3333, MAX_POWER: 7, MIN_POWER: 0 }],
        ['2025-05-08T10:20:00Z', { ENERGY: 0.04, PARKING_TIME: 0.6666, MAX_POWER: 0.08, MIN_POWER: 0 }],
      ]);
      expect(result.totals).toEqual({
        energyKwh: '7.04',
        timeHours: '1.9999',
        chargingTimeHours: '1.3333',
        parkingTimeHours: '0.6666',
      });
    });

    test('strict policy: both count as parking', () => {
      const result = buildChargingPeriods({
        ...session,
        policy: { beforeFirstEnergy: 'PARKING_TIME', chargerPause: 'PARKING_TIME' },
      });
      // Running parking total 10, 20, 60 min → 0.1666, 0.3333, 1 h; the periods are their differences.
      expect(summary(result.periods)).toEqual([
        ['2025-05-08T09:00:00Z', { ENERGY: 0, PARKING_TIME: 0.1666, MAX_POWER: 0, MIN_POWER: 0 }],
        ['2025-05-08T09:10:00Z', { ENERGY: 3.5, TIME: 0.5, MAX_POWER: 7, MIN_POWER: 7 }],
        ['2025-05-08T09:40:00Z', { ENERGY: 0, PARKING_TIME: 0.1667, MAX_POWER: 0, MIN_POWER: 0 }],
        ['2025-05-08T09:50:00Z', { ENERGY: 3.5, TIME: 0.5, MAX_POWER: 7, MIN_POWER: 7 }],
        ['2025-05-08T10:20:00Z', { ENERGY: 0.04, PARKING_TIME: 0.6667, MAX_POWER: 0.08, MIN_POWER: 0 }],
      ]);
      expect(result.totals.parkingTimeHours).toBe('1');
      expect(result.totals.chargingTimeHours).toBe('1');
    });

    test('a higher idle threshold makes the 80 W tail charging time if set below it', () => {
      const result = buildChargingPeriods({ ...session, policy: { idleBelowPowerW: '50' } });
      expect(summary(result.periods)).toEqual([
        ['2025-05-08T09:00:00Z', { ENERGY: 7.04, TIME: 1.8333, MAX_POWER: 7, MIN_POWER: 0 }],
        ['2025-05-08T10:50:00Z', { ENERGY: 0, PARKING_TIME: 0.1666, MAX_POWER: 0, MIN_POWER: 0 }],
      ]);
    });
  });

  test('energy is attributed only to the time the connector state lets it flow', () => {
    // One 30-minute segment with 2000 Wh; the EV suspended for its last 10 minutes: 2000 Wh in 20 min = 6 kW.
    const result = buildChargingPeriods({
      sessionStart: '2025-05-09T07:00:00Z',
      sessionStop: '2025-05-09T07:30:00Z',
      meterStartWh: '100',
      meterStopWh: '2100',
      samples: [],
      statusChanges: [
        { timestamp: '2025-05-09T07:00:00Z', state: 'Charging' },
        { timestamp: '2025-05-09T07:20:00Z', state: 'SuspendedEV' },
      ],
      splitPlan: fixedSplitPlan({ instants: ['2025-05-09T07:10:00Z'] }),
    });
    expect(summary(result.periods)).toEqual([
      ['2025-05-09T07:00:00Z', { ENERGY: 1, TIME: 0.1666, MAX_POWER: 6, MIN_POWER: 6 }],
      ['2025-05-09T07:10:00Z', { ENERGY: 1, TIME: 0.1667, MAX_POWER: 6, MIN_POWER: 6 }],
      ['2025-05-09T07:20:00Z', { ENERGY: 0, PARKING_TIME: 0.1666, MAX_POWER: 0, MIN_POWER: 0 }],
    ]);
    // The running charging total is 10 then 20 min: 0.1666 then 0.3333 h, so the second period gets
    // 0.1667 h and TIME sums to the truncated 20 minutes, not to 2 × 0.1666.
    expect(result.totals).toEqual({
      energyKwh: '2',
      timeHours: '0.4999',
      chargingTimeHours: '0.3333',
      parkingTimeHours: '0.1666',
    });
  });

  test('samples outside the session or contradicting the meter start/stop are excluded and listed', () => {
    const result = buildChargingPeriods({
      sessionStart: '2025-05-10T10:00:00Z',
      sessionStop: '2025-05-10T11:00:00Z',
      meterStartWh: '1000',
      meterStopWh: '12000',
      samples: [
        { timestamp: '2025-05-10T09:59:00Z', energyWh: '1000' },
        { timestamp: '2025-05-10T10:00:00Z', energyWh: '1500' },
        { timestamp: '2025-05-10T10:30:00Z', energyWh: '6500' },
        { timestamp: '2025-05-10T10:20:00Z', energyWh: '13000' },
        { timestamp: '2025-05-10T10:40:00Z', energyWh: '6000' },
        { timestamp: '2025-05-10T10:45:00Z', socPercent: '80' },
        { timestamp: 'yesterday', energyWh: '2000' },
        { timestamp: '2025-05-10T11:00:00Z', energyWh: '11999' },
        { timestamp: '2025-05-10T11:01:00Z', energyWh: '12000' },
      ],
      splitPlan: fixedSplitPlan(),
    });
    expect(result.excludedSamples).toEqual([
      { index: 0, timestamp: '2025-05-10T09:59:00Z', reason: 'before_session_start' },
      { index: 1, timestamp: '2025-05-10T10:00:00Z', reason: 'conflicting_reading' },
      { index: 3, timestamp: '2025-05-10T10:20:00Z', reason: 'outside_meter_start_stop' },
      { index: 4, timestamp: '2025-05-10T10:40:00Z', reason: 'register_decreased' },
      { index: 5, timestamp: '2025-05-10T10:45:00Z', reason: 'missing_energy' },
      { index: 6, timestamp: 'yesterday', reason: 'malformed' },
      { index: 7, timestamp: '2025-05-10T11:00:00Z', reason: 'conflicting_reading' },
      { index: 8, timestamp: '2025-05-10T11:01:00Z', reason: 'after_session_stop' },
    ]);
    // Only the 10:30 sample is used: 5500 Wh in 30 min (11 kW), then 5500 Wh in 30 min.
    expect(summary(result.periods)).toEqual([
      ['2025-05-10T10:00:00Z', { ENERGY: 11, TIME: 1, MAX_POWER: 11, MIN_POWER: 11 }],
    ]);
  });

  test('without a meter stop the last sample ends the energy; SoC is reported only for OCPI Sessions', () => {
    const input = {
      sessionStart: '2025-05-11T10:00:00Z',
      sessionStop: '2025-05-11T10:30:00Z',
      meterStartWh: '0',
      samples: [
        { timestamp: '2025-05-11T10:15:00Z', energyWh: '2500', socPercent: '41.5' },
        { timestamp: '2025-05-11T10:25:00Z', energyWh: '4000', socPercent: '44' },
      ],
      splitPlan: fixedSplitPlan({ instants: ['2025-05-11T10:20:00Z'] }),
    };
    expect(summary(buildChargingPeriods(input).periods)).toEqual([
      ['2025-05-11T10:00:00Z', { ENERGY: 3.25, TIME: 0.3333, MAX_POWER: 10, MIN_POWER: 9 }],
      ['2025-05-11T10:20:00Z', { ENERGY: 0.75, TIME: 0.0833, MAX_POWER: 9, MIN_POWER: 9 }],
      ['2025-05-11T10:25:00Z', { ENERGY: 0, PARKING_TIME: 0.0833, MAX_POWER: 0, MIN_POWER: 0 }],
    ]);
    const soc = buildChargingPeriods({ ...input, sessionOnlyDimensions: true }).periods.map(
      (p) => p.dimensions.find((d) => d.type === 'STATE_OF_CHARGE')?.volume,
    );
    expect(soc).toEqual([41.5, 44, 44]);
  });

  test('a zero-length session still has one period carrying its energy', () => {
    const result = buildChargingPeriods({
      sessionStart: '2025-05-12T10:00:00.100Z',
      sessionStop: '2025-05-12T10:00:00.900Z',
      meterStartWh: '500',
      meterStopWh: '501',
      samples: [],
      splitPlan: fixedSplitPlan(),
    });
    expect(summary(result.periods)).toEqual([['2025-05-12T10:00:00Z', { ENERGY: 0.001, TIME: 0 }]]);
    expect(result.totals).toEqual({
      energyKwh: '0.001',
      timeHours: '0',
      chargingTimeHours: '0',
      parkingTimeHours: '0',
    });
  });

  test('bad input is an error naming the field', () => {
    const base = {
      sessionStart: '2025-05-12T10:00:00Z',
      sessionStop: '2025-05-12T11:00:00Z',
      meterStartWh: '500',
      samples: [],
      splitPlan: fixedSplitPlan(),
    };
    expect(() => buildChargingPeriods({ ...base, meterStopWh: '400' })).toThrow(
      /meterStopWh 400 is below meterStartWh 500/,
    );
    expect(() => buildChargingPeriods({ ...base, meterStartWh: '5OO' })).toThrow(
      /meterStartWh: expected a decimal/,
    );
    expect(() => buildChargingPeriods({ ...base, sessionStop: '2025-05-12T09:00:00Z' })).toThrow(
      /sessionStop .* is before/,
    );
    expect(() =>
      buildChargingPeriods({
        ...base,
        statusChanges: [
          { timestamp: '2025-05-12T10:00:00Z', state: 'Charging' },
          { timestamp: '12:00', state: 'Finishing' },
        ],
      }),
    ).toThrow(/statusChanges\[1\]\.timestamp/);
    expect(() =>
      buildChargingPeriods({ ...base, splitPlan: fixedSplitPlan({ energyThresholdsWh: ['ten'] }) }),
    ).toThrow(/splitPlan\.energyThresholdsWh\[0\]/);
    expect(() => buildChargingPeriods({ ...base, policy: { idleBelowPowerW: '-1' } })).toThrow(
      /idleBelowPowerW/,
    );
  });
});
