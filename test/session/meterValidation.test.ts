import {
  applyStatusChange,
  classifySample,
  runningTotals,
  startMeterRunningState,
  type MeterRunningState,
  type SampleVerdict,
} from '../../src/session/meterValidation';
import type { MeterSample, StatusChange } from '../../src/session/types';
import { buildChargingPeriods } from '../../src/cdr/chargingPeriods';
import { fixedSplitPlan } from '../cdr/splitPlanFixture';

const NOW = '2025-01-15T17:30:00Z';

/** Classifies through a JSON round trip each time: the state must survive workflow serialisation. */
function classify(state: MeterRunningState, sample: MeterSample, now = NOW) {
  const result = classifySample(JSON.parse(JSON.stringify(state)), sample, now);
  return { state: result.state, verdict: result.verdict };
}

const flags = (verdict: SampleVerdict) => (verdict.accepted ? [] : verdict.reasons.map((r) => r.flag));

describe('classifySample', () => {
  const start = () =>
    startMeterRunningState({ sessionStart: '2025-01-15T15:30:00Z', meterStartWh: '1000000' });

  test('flags duplicates, out-of-order, negative, reset, future, pre-2000, impossible and incomplete samples', () => {
    let state = start();
    const verdicts: [string, string[]][] = [];
    const feed = (label: string, sample: MeterSample) => {
      const result = classify(state, sample);
      state = result.state;
      verdicts.push([label, flags(result.verdict)]);
    };
    feed('first reading', { timestamp: '2025-01-15T15:45:00Z', energyWh: '1002750' });
    feed('re-sent after reconnect', { timestamp: '2025-01-15T15:45:00Z', energyWh: '1002750.0' });
    feed('older than the last reading', { timestamp: '2025-01-15T15:40:00Z', energyWh: '1001000' });
    feed('register went down', { timestamp: '2025-01-15T16:00:00Z', energyWh: '1002000' });
    feed('register back to zero', { timestamp: '2025-01-15T16:00:00Z', energyWh: '12' });
    feed('30 minutes ahead of now', { timestamp: '2025-01-15T18:00:00Z', energyWh: '1004000' });
    feed('clock not set', { timestamp: '1999-12-31T23:59:59Z', energyWh: '5' });
    feed('10 minutes before the start', { timestamp: '2025-01-15T15:20:00Z', energyWh: '1000000' });
    feed('3 minutes before the start', { timestamp: '2025-01-15T15:27:00Z', energyWh: '1000000' });
    feed('300 kWh in 15 minutes', { timestamp: '2025-01-15T16:00:00Z', energyWh: '1302750' });
    feed('no energy register', { timestamp: '2025-01-15T16:00:00Z', powerW: '11000' });
    feed('not a number', { timestamp: '2025-01-15T16:00:00Z', energyWh: '1,005,500' });
    feed('not a time', { timestamp: '15.01.2025 17:00', energyWh: '1005500' });
    feed('SoC of 140 %', { timestamp: '2025-01-15T16:00:00Z', energyWh: '1005500', socPercent: '140' });
    feed('second reading', { timestamp: '2025-01-15T16:00:00Z', energyWh: '1005500' });

    expect(verdicts).toEqual([
      ['first reading', []],
      ['re-sent after reconnect', ['duplicate']],
      ['older than the last reading', ['out_of_order']],
      ['register went down', ['negative_delta']],
      ['register back to zero', ['register_reset']],
      ['30 minutes ahead of now', ['future']],
      ['clock not set', ['ancient']],
      ['10 minutes before the start', ['ancient']],
      ['3 minutes before the start', ['out_of_order']],
      ['300 kWh in 15 minutes', ['impossible_power']],
      ['no energy register', ['missing_energy']],
      ['not a number', ['malformed']],
      ['not a time', ['malformed']],
      ['SoC of 140 %', ['malformed']],
      ['second reading', []],
    ]);
    expect(runningTotals(state)).toEqual({
      energyWh: '5500',
      chargingSeconds: 1800,
      parkingSeconds: 0,
      samplesAccepted: 2,
      samplesFlagged: 13,
      lastSampleAt: '2025-01-15T16:00:00Z',
      flags: [
        'ancient',
        'duplicate',
        'future',
        'impossible_power',
        'malformed',
        'missing_energy',
        'negative_delta',
        'out_of_order',
        'register_reset',
      ],
    });
    expect(state.flagCounts).toEqual({
      ancient: 2,
      duplicate: 1,
      future: 1,
      impossible_power: 1,
      malformed: 3,
      missing_energy: 1,
      negative_delta: 1,
      out_of_order: 2,
      register_reset: 1,
    });
  });

  test('reasons say what is wrong', () => {
    const { verdict } = classify(start(), { timestamp: '2025-01-15T15:31:00Z', energyWh: '1020000' });
    expect(verdict).toEqual({
      accepted: false,
      reasons: [{ flag: 'impossible_power', detail: '20000 Wh in 60 s is 1200000 W, above 1000000 W' }],
    });
    const late = classify(start(), { timestamp: '2025-01-15T19:00:00Z' }).verdict;
    expect(late).toEqual({
      accepted: false,
      reasons: [
        { flag: 'future', detail: 'more than 300 s after now' },
        { flag: 'missing_energy', detail: 'no Energy.Active.Import.Register value' },
      ],
    });
  });

  test('a Transaction.Begin reading equal to the meter start is accepted and changes nothing', () => {
    const { state, verdict } = classify(start(), {
      timestamp: '2025-01-15T15:30:00Z',
      energyWh: '1000000',
      context: 'Transaction.Begin',
    });
    expect(verdict).toEqual({ accepted: true });
    expect(runningTotals(state)).toMatchObject({
      energyWh: '0',
      chargingSeconds: 0,
      parkingSeconds: 0,
      samplesAccepted: 1,
    });
  });

  test('limits are configurable', () => {
    const strict = startMeterRunningState({
      sessionStart: '2025-01-15T15:30:00Z',
      meterStartWh: '0',
      limits: { maxPowerW: '22000', maxFutureSkewSeconds: 0 },
    });
    expect(flags(classify(strict, { timestamp: '2025-01-15T15:45:00Z', energyWh: '5600' }).verdict)).toEqual([
      'impossible_power',
    ]);
    expect(flags(classify(strict, { timestamp: '2025-01-15T17:30:01Z', energyWh: '100' }).verdict)).toEqual([
      'future',
    ]);
  });

  test('bad session start is an error naming the field', () => {
    expect(() => startMeterRunningState({ sessionStart: 'now', meterStartWh: '0' })).toThrow(/sessionStart/);
    expect(() => startMeterRunningState({ sessionStart: NOW, meterStartWh: '-5' })).toThrow(/meterStartWh/);
    expect(() =>
      startMeterRunningState({ sessionStart: NOW, meterStartWh: '0', limits: { maxPowerW: 'lots' } }),
    ).toThrow(/limits\.maxPowerW/);
  });
});

describe('running charging and parking time', () => {
  // The Berlin session of test/cdr/chargingPeriods.test.ts, as events arrive: 70 min charging (the EV
  // suspends at 16:40Z, between the 16:30Z and 16:45Z samples), then 50 min idle until the stop reading.
  type Event = { sample: MeterSample } | { status: StatusChange };
  const events: Event[] = [
    { status: { timestamp: '2025-01-15T15:29:40Z', state: 'Preparing' } },
    { status: { timestamp: '2025-01-15T15:30:00Z', state: 'Charging' } },
    { sample: { timestamp: '2025-01-15T15:45:00Z', energyWh: '1002750' } },
    { sample: { timestamp: '2025-01-15T16:00:00Z', energyWh: '1005500' } },
    { sample: { timestamp: '2025-01-15T16:15:00Z', energyWh: '1008250' } },
    { sample: { timestamp: '2025-01-15T16:30:00Z', energyWh: '1011000' } },
    { status: { timestamp: '2025-01-15T16:40:00Z', state: 'SuspendedEV' } },
    { sample: { timestamp: '2025-01-15T16:45:00Z', energyWh: '1012833' } },
    { sample: { timestamp: '2025-01-15T17:00:00Z', energyWh: '1012833' } },
    { sample: { timestamp: '2025-01-15T17:15:00Z', energyWh: '1012833' } },
    { sample: { timestamp: '2025-01-15T17:30:00Z', energyWh: '1012833', context: 'Transaction.End' } },
  ];

  test('adds up as the samples arrive, attributing energy only to the charging minutes', () => {
    let state = startMeterRunningState({ sessionStart: '2025-01-15T15:30:00Z', meterStartWh: '1000000' });
    const afterEach: [number, number][] = [];
    for (const event of events) {
      state = JSON.parse(JSON.stringify(state));
      if ('status' in event) state = applyStatusChange(state, event.status);
      else state = classifySample(state, event.sample, NOW).state;
      afterEach.push([runningTotals(state).chargingSeconds, runningTotals(state).parkingSeconds]);
    }
    expect(afterEach).toEqual([
      [0, 0],
      [0, 0],
      [900, 0],
      [1800, 0],
      [2700, 0],
      [3600, 0],
      [3600, 0],
      [4200, 300],
      [4200, 1200],
      [4200, 2100],
      [4200, 3000],
    ]);
    expect(runningTotals(state).energyWh).toBe('12833');
    expect(state.connectorState).toBe('SuspendedEV');
  });

  test('a status change reported after a later sample only tells the state at that sample', () => {
    let state = startMeterRunningState({ sessionStart: '2025-01-15T15:30:00Z', meterStartWh: '0' });
    state = classifySample(state, { timestamp: '2025-01-15T15:45:00Z', energyWh: '2750' }, NOW).state;
    // Arrives late: the EV suspended at 15:40, but 15:30–15:45 is already counted as charging.
    state = applyStatusChange(state, { timestamp: '2025-01-15T15:40:00Z', state: 'SuspendedEV' });
    state = classifySample(state, { timestamp: '2025-01-15T16:00:00Z', energyWh: '2750' }, NOW).state;
    expect(runningTotals(state)).toMatchObject({ chargingSeconds: 900, parkingSeconds: 900 });
    expect(state.connectorState).toBe('SuspendedEV');
  });
});

test('flagged samples never reach the bill: junk in the stream leaves the charging periods unchanged', () => {
  const clean: MeterSample[] = [
    { timestamp: '2025-01-15T15:45:00Z', energyWh: '1002750' },
    { timestamp: '2025-01-15T16:00:00Z', energyWh: '1005500' },
    { timestamp: '2025-01-15T16:15:00Z', energyWh: '1008250' },
  ];
  const junk: MeterSample[] = [
    { timestamp: '2025-01-15T15:45:00Z', energyWh: '1002750' }, // duplicate
    { timestamp: '2025-01-15T15:50:00Z', energyWh: '1003000' }, // out of order (after 16:00)
    { timestamp: '2025-01-15T16:05:00Z', energyWh: '1001000' }, // negative
    { timestamp: '2025-01-15T16:06:00Z', energyWh: '3' }, // reset
    { timestamp: '2025-01-15T19:00:00Z', energyWh: '1009000' }, // future
    { timestamp: '1970-01-01T00:00:00Z', energyWh: '0' }, // clock not set
  ];
  const arrivals = [clean[0], junk[0], clean[1], junk[1], junk[2], junk[3], junk[4], junk[5], clean[2]];
  let state = startMeterRunningState({ sessionStart: '2025-01-15T15:30:00Z', meterStartWh: '1000000' });
  const accepted: MeterSample[] = [];
  for (const sample of arrivals) {
    const result = classifySample(state, sample, '2025-01-15T16:30:00Z');
    state = result.state;
    if (result.verdict.accepted) accepted.push(sample);
  }
  expect(accepted).toEqual(clean);
  const periods = buildChargingPeriods({
    sessionStart: '2025-01-15T15:30:00Z',
    sessionStop: '2025-01-15T16:30:00Z',
    meterStartWh: '1000000',
    meterStopWh: '1011000',
    samples: accepted,
    splitPlan: fixedSplitPlan(),
  });
  expect(periods.excludedSamples).toEqual([]);
  expect(periods.periods).toEqual([
    {
      start_date_time: '2025-01-15T15:30:00Z',
      dimensions: [
        { type: 'ENERGY', volume: 11 },
        { type: 'TIME', volume: 1 },
        { type: 'MAX_POWER', volume: 11 },
        { type: 'MIN_POWER', volume: 11 },
      ],
    },
  ]);
});
