// splitPlanFor: where the CDR builder must split periods; and costSoFar for running sessions.
import { splitPlanFor } from '../../src/tariff/boundaries';
import { costSoFar } from '../../src/tariff/engine/costSoFar';
import { rateCdr } from '../../src/tariff/engine/rateCdr';
import { buildCdr, energyElement as energy, tariffOf } from './helpers/cdrBuilder';

const ms = (iso: string) => Date.parse(iso);
const iso = (instants: number[]) => instants.map((instant) => new Date(instant).toISOString());

describe('splitPlanFor(...).instantsBetween', () => {
  it('time-of-day boundaries, including the end_time "00:00" midnight', () => {
    const tariff = tariffOf([
      energy(1, { start_time: '00:00', end_time: '17:00' }),
      energy(2, { start_time: '17:00', end_time: '20:00' }),
      energy(4, { start_time: '20:00', end_time: '00:00' }),
    ]);
    const plan = splitPlanFor(tariff, 'UTC');
    expect(iso(plan.instantsBetween(ms('2022-01-13T16:00:00Z'), ms('2022-01-14T01:00:00Z')))).toEqual([
      '2022-01-13T17:00:00.000Z',
      '2022-01-13T20:00:00.000Z',
      '2022-01-14T00:00:00.000Z',
    ]);
  });

  it('strictly between: a boundary at either end is not reported', () => {
    const plan = splitPlanFor(tariffOf([energy(1, { start_time: '17:00' }), energy(2)]), 'UTC');
    expect(plan.instantsBetween(ms('2022-01-13T17:00:00Z'), ms('2022-01-14T00:00:00Z'))).toEqual([]);
    expect(plan.instantsBetween(ms('2022-01-13T12:00:00Z'), ms('2022-01-13T17:00:00Z'))).toEqual([]);
  });

  it('Europe/Berlin spring forward: a window starting at 02:30 opens at the switch instant', () => {
    const plan = splitPlanFor(
      tariffOf([energy(1, { start_time: '02:30', end_time: '05:00' }), energy(2)]),
      'Europe/Berlin',
    );
    expect(iso(plan.instantsBetween(ms('2024-03-30T23:00:00Z'), ms('2024-03-31T05:00:00Z')))).toEqual([
      '2024-03-31T01:00:00.000Z',
      '2024-03-31T03:00:00.000Z',
    ]);
  });

  it('Europe/Berlin fall back: a 02:00–03:00 window spans both occurrences without a split at the switch', () => {
    const plan = splitPlanFor(
      tariffOf([energy(1, { start_time: '02:00', end_time: '03:00' }), energy(2)]),
      'Europe/Berlin',
    );
    expect(iso(plan.instantsBetween(ms('2024-10-26T22:00:00Z'), ms('2024-10-27T03:00:00Z')))).toEqual([
      '2024-10-27T00:00:00.000Z',
      '2024-10-27T02:00:00.000Z',
    ]);
  });

  it('America/New_York fall back: a 02:30 boundary exists once, a 01:30 boundary twice', () => {
    const plan = splitPlanFor(
      tariffOf([energy(1, { start_time: '01:30', end_time: '02:30' }), energy(2)]),
      'America/New_York',
    );
    expect(iso(plan.instantsBetween(ms('2024-11-03T04:00:00Z'), ms('2024-11-03T09:00:00Z')))).toEqual([
      '2024-11-03T05:30:00.000Z', // 01:30 EDT: window opens
      '2024-11-03T06:00:00.000Z', // 02:00 EDT → 01:00 EST: the clock leaves the window
      '2024-11-03T06:30:00.000Z', // 01:30 EST: opens again
      '2024-11-03T07:30:00.000Z', // 02:30 EST: closes
    ]);
  });

  it('weekdays change at local midnight, only where the weekday set changes', () => {
    const plan = splitPlanFor(
      tariffOf([energy(1, { day_of_week: ['SATURDAY', 'SUNDAY'] }), energy(2)]),
      'Europe/Berlin',
    );
    expect(iso(plan.instantsBetween(ms('2024-01-08T00:00:00Z'), ms('2024-01-15T12:00:00Z')))).toEqual([
      '2024-01-12T23:00:00.000Z',
      '2024-01-14T23:00:00.000Z',
    ]);
  });

  it('local date ranges and the tariff validity limits', () => {
    const tariff = tariffOf([energy(1, { start_date: '2024-06-01', end_date: '2024-06-03' }), energy(2)], {
      end_date_time: '2024-06-04T10:00:00Z',
    });
    const plan = splitPlanFor(tariff, 'Europe/Berlin');
    expect(iso(plan.instantsBetween(ms('2024-05-30T00:00:00Z'), ms('2024-06-05T00:00:00Z')))).toEqual([
      '2024-05-31T22:00:00.000Z',
      '2024-06-02T22:00:00.000Z',
      '2024-06-04T10:00:00.000Z',
    ]);
  });

  it('a tariff without wall-clock restrictions has no instants', () => {
    expect(
      splitPlanFor(tariffOf([energy(1, { max_kwh: 5 }), energy(2)]), 'UTC').instantsBetween(
        0,
        ms('2030-01-01'),
      ),
    ).toEqual([]);
  });
});

describe('splitPlanFor thresholds', () => {
  it('kWh → Wh, kW → W, seconds and amperes; distinct, ascending, positive', () => {
    const tariff = tariffOf([
      energy(0, { max_kwh: 1, max_duration: 1800, max_power: 22, max_current: 16 }),
      energy(1, {
        min_kwh: 1,
        max_kwh: 20.5,
        min_duration: 0,
        max_duration: 3600,
        min_power: 22,
        max_power: 150.5,
      }),
      energy(2, { min_current: 32.5 }),
    ]);
    const plan = splitPlanFor(tariff, 'UTC');
    expect({
      energy: plan.energyThresholdsWh,
      duration: plan.durationThresholdsSeconds,
      power: plan.powerThresholdsW,
      current: plan.currentThresholdsA,
    }).toEqual({
      energy: ['1000', '20500'],
      duration: [1800, 3600],
      power: ['22000', '150500'],
      current: ['16', '32.5'],
    });
  });
});

describe('costSoFar', () => {
  const tariff = tariffOf([
    { price_components: [{ type: 'FLAT', price: 0.5, vat: 19, step_size: 1 }] },
    { price_components: [{ type: 'ENERGY', price: 0.4, vat: 19, step_size: 1000 }] },
  ]);
  const periods = [
    { start_date_time: '2024-05-01T10:00:00Z', dimensions: [{ type: 'ENERGY' as const, volume: 7.2 }] },
    { start_date_time: '2024-05-01T10:30:00Z', dimensions: [{ type: 'ENERGY' as const, volume: 3.1 }] },
  ];

  it('prices the periods so far as if the session stopped now (step_size included)', () => {
    const rating = costSoFar(tariff, {
      startDateTime: '2024-05-01T10:00:00Z',
      asOf: '2024-05-01T10:45:00Z',
      chargingPeriods: periods,
    });
    // 10.3 kWh billed per 1000 Wh → 11 kWh × 0.40 = 4.40, + 0.50 start fee = 4.90 excl., 5.831 incl.
    expect([
      rating.totals.total_cost.excl_vat.toString(),
      rating.totals.total_cost.incl_vat.toString(),
    ]).toEqual(['4.9', '5.831']);
  });

  it('equals rating the finished CDR with the same periods', () => {
    const cdr = buildCdr({ start: '2024-05-01T10:00:00Z', end: '2024-05-01T10:45:00Z', periods: [] });
    const finished = rateCdr({ ...cdr, charging_periods: periods }, { tariffs: [tariff] });
    const soFar = costSoFar(tariff, {
      startDateTime: cdr.start_date_time,
      asOf: cdr.end_date_time,
      chargingPeriods: periods,
    });
    expect(JSON.stringify(soFar)).toEqual(JSON.stringify(finished));
  });
});
