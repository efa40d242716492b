// Restrictions no conformance case covers: weekdays near midnight in a non-UTC zone, windows that wrap
// past midnight, date ranges in local time, kWh / duration / power / current boundaries (min inclusive,
// max exclusive), FLAT fees behind restrictions. Expected prices are worked out by hand in each test.
import { rateCdr } from '../../src/tariff/engine/rateCdr';
import type { TariffElement } from '../../src/tariff/types';
import { buildCdr, energyElement as energy, rate, tariffOf, type PeriodSpec } from './helpers/cdrBuilder';

/** The unit price that priced each period's energy, for a one-kWh-per-period session. */
function pricesOf(
  elements: TariffElement[],
  periods: PeriodSpec[],
  timeZone = 'UTC',
  end?: string,
): string[] {
  const cdr = buildCdr({ end: end ?? periods[periods.length - 1].at, periods });
  const rating = rateCdr(cdr, { tariffs: [tariffOf(elements)], timeZone });
  return rating.lines.filter((line) => line.kind === 'usage').map((line) => line.unit_price!.toString());
}

describe('day_of_week', () => {
  const sundaySurcharge = [energy(0.5, { day_of_week: ['SUNDAY'] }), energy(0.3)];

  it('is the local weekday: 23:30Z on a Sunday is Monday 00:30 in Berlin', () => {
    const periods = [{ at: '2024-01-07T23:30:00Z', ENERGY: 1 }];
    expect(pricesOf(sundaySurcharge, periods, 'UTC')).toEqual(['0.5']);
    expect(pricesOf(sundaySurcharge, periods, 'Europe/Berlin')).toEqual(['0.3']);
  });

  it('Saturday 23:30Z is already Sunday 00:30 in Berlin, and Sunday 22:59:59Z still Sunday', () => {
    const periods = [
      { at: '2024-01-06T23:30:00Z', ENERGY: 1 },
      { at: '2024-01-07T22:59:59Z', ENERGY: 1 },
      { at: '2024-01-07T23:00:00Z', ENERGY: 1 },
    ];
    expect(pricesOf(sundaySurcharge, periods, 'Europe/Berlin')).toEqual(['0.5', '0.5', '0.3']);
  });

  it('is evaluated at each instant, also inside a window that began the day before', () => {
    // Friday-night window 22:00–06:00: Saturday 02:00 is a Saturday, so the FRIDAY element does not apply.
    const elements = [
      energy(0.2, { start_time: '22:00', end_time: '06:00', day_of_week: ['FRIDAY'] }),
      energy(0.4),
    ];
    const periods = [
      { at: '2024-01-12T23:00:00Z', ENERGY: 1 },
      { at: '2024-01-13T02:00:00Z', ENERGY: 1 },
    ];
    expect(pricesOf(elements, periods)).toEqual(['0.2', '0.4']);
  });
});

describe('start_time / end_time', () => {
  const night = [energy(0.2, { start_time: '22:00', end_time: '06:00' }), energy(0.4)];

  it('wrap past midnight: start inclusive, end exclusive', () => {
    const periods = ['21:59:59', '22:00:00', '23:30:00', '02:00:00', '05:59:59', '06:00:00'].map(
      (time, i) => ({
        at: `2024-01-${i < 3 ? '10' : '11'}T${time}Z`,
        ENERGY: 1,
      }),
    );
    expect(pricesOf(night, periods)).toEqual(['0.4', '0.2', '0.2', '0.2', '0.2', '0.4']);
  });

  it('end_time "00:00" closes the window at midnight; start only / end only are half-open days', () => {
    const elements = [
      energy(0.1, { start_time: '20:00', end_time: '00:00' }),
      energy(0.2, { end_time: '08:00' }),
      energy(0.3, { start_time: '12:00' }),
      energy(0.9),
    ];
    const periods = ['19:59', '20:00', '23:59', '00:00', '07:59', '08:00', '12:00'].map((time, i) => ({
      at: `2024-01-${i < 3 ? '10' : '11'}T${time}:00Z`,
      ENERGY: 1,
    }));
    expect(pricesOf(elements, periods)).toEqual(['0.3', '0.1', '0.1', '0.2', '0.2', '0.9', '0.3']);
  });

  it('uses local wall-clock time of the given zone', () => {
    // 05:30Z is 06:30 in Berlin (winter): day price there, night price in UTC.
    const periods = [{ at: '2024-01-11T05:30:00Z', ENERGY: 1 }];
    expect(pricesOf(night, periods, 'UTC')).toEqual(['0.2']);
    expect(pricesOf(night, periods, 'Europe/Berlin')).toEqual(['0.4']);
  });
});

describe('start_date / end_date', () => {
  const summerPromo = [energy(0.19, { start_date: '2024-06-01', end_date: '2024-06-02' }), energy(0.39)];

  it('are local dates, end exclusive', () => {
    const periods = [
      { at: '2024-05-31T22:30:00Z', ENERGY: 1 }, // 2024-06-01 00:30 in Berlin (CEST)
      { at: '2024-06-01T21:59:00Z', ENERGY: 1 }, // 23:59 local
      { at: '2024-06-01T22:00:00Z', ENERGY: 1 }, // 2024-06-02 00:00 local: end_date is exclusive
    ];
    expect(pricesOf(summerPromo, periods, 'Europe/Berlin')).toEqual(['0.19', '0.19', '0.39']);
    expect(pricesOf(summerPromo, periods, 'UTC')).toEqual(['0.39', '0.19', '0.19']);
  });
});

describe('min_kwh / max_kwh on the energy charged before the period', () => {
  const firstTenCheaper = [energy(0.3, { max_kwh: 10 }), energy(0.5, { min_kwh: 10 })];

  it('max is exclusive and min inclusive at exactly the threshold', () => {
    const periods = [
      { at: '2024-01-10T10:00:00Z', ENERGY: 10 },
      { at: '2024-01-10T11:00:00Z', ENERGY: 5 },
    ];
    expect(pricesOf(firstTenCheaper, periods)).toEqual(['0.3', '0.5']);
  });

  it('sums energy exactly: 0.1 + 0.2 kWh reaches a 0.3 kWh threshold (binary floats would not)', () => {
    const elements = [energy(0.3, { max_kwh: 0.3 }), energy(0.5, { min_kwh: 0.3 })];
    const periods = [
      { at: '2024-01-10T10:00:00Z', ENERGY: 0.1 },
      { at: '2024-01-10T10:10:00Z', ENERGY: 0.2 },
      { at: '2024-01-10T10:20:00Z', ENERGY: 1 },
    ];
    expect(pricesOf(elements, periods)).toEqual(['0.3', '0.3', '0.5']);
  });
});

describe('min_duration / max_duration on the time since the session started', () => {
  it('max is exclusive, min inclusive, measured from the first charging period', () => {
    const elements = [energy(0, { max_duration: 1800 }), energy(0.25, { min_duration: 1800 })];
    const periods = [
      { at: '2024-01-10T10:00:00Z', ENERGY: 2 },
      { at: '2024-01-10T10:29:59Z', ENERGY: 1 },
      { at: '2024-01-10T10:30:00Z', ENERGY: 1 },
    ];
    expect(pricesOf(elements, periods)).toEqual(['0', '0', '0.25']);
  });
});

describe('min_power / max_power and min_current / max_current', () => {
  const powerBands = [
    energy(0.29, { max_power: 22 }),
    energy(0.49, { min_power: 22, max_power: 150 }),
    energy(0.69),
  ];

  it('bands use MAX_POWER for max_power and MIN_POWER for min_power (min inclusive, max exclusive)', () => {
    const periods = [
      { at: '2024-01-10T10:00:00Z', ENERGY: 1, MAX_POWER: 21.9 },
      { at: '2024-01-10T10:10:00Z', ENERGY: 1, MIN_POWER: 22, MAX_POWER: 149.99 },
      { at: '2024-01-10T10:20:00Z', ENERGY: 1, POWER: 150 },
      // Peaks at 30 kW within the period: not "below 22 kW" for the whole period.
      { at: '2024-01-10T10:30:00Z', ENERGY: 1, MIN_POWER: 11, MAX_POWER: 30 },
    ];
    expect(pricesOf(powerBands, periods)).toEqual(['0.29', '0.49', '0.69', '0.69']);
  });

  it('a period without any power value skips power-restricted elements, with a warning', () => {
    const cdr = buildCdr({
      end: '2024-01-10T11:00:00Z',
      periods: [{ at: '2024-01-10T10:00:00Z', ENERGY: 1 }],
    });
    const rating = rateCdr(cdr, { tariffs: [tariffOf(powerBands)] });
    expect(rating.lines.map((line) => line.unit_price?.toString())).toEqual(['0.69']);
    expect(rating.warnings.map((w) => w.code)).toEqual([
      'missing_power_or_current',
      'missing_power_or_current',
    ]);
  });

  it('current restrictions read CURRENT / MIN_CURRENT / MAX_CURRENT the same way', () => {
    const elements = [energy(0.3, { max_current: 16 }), energy(0.4, { min_current: 16 })];
    const periods = [
      { at: '2024-01-10T10:00:00Z', ENERGY: 1, CURRENT: 15.9 },
      { at: '2024-01-10T10:10:00Z', ENERGY: 1, CURRENT: 16 },
    ];
    expect(pricesOf(elements, periods)).toEqual(['0.3', '0.4']);
  });
});

describe('FLAT', () => {
  it('behind a restriction is charged once, in the first period where it applies', () => {
    const tariff = tariffOf([
      {
        price_components: [{ type: 'FLAT', price: 1.5, vat: 19, step_size: 1 }],
        restrictions: { start_time: '18:00' },
      },
      energy(0.3),
    ]);
    const cdr = buildCdr({
      end: '2024-01-10T20:00:00Z',
      periods: [
        { at: '2024-01-10T17:00:00Z', ENERGY: 10 },
        { at: '2024-01-10T18:00:00Z', ENERGY: 10 },
        { at: '2024-01-10T19:00:00Z', ENERGY: 10 },
      ],
    });
    const priced = rate(tariff, cdr);
    const flats = priced.chargeledger_breakdown.lines.filter((line) => line.kind === 'flat');
    expect(flats.map((line) => [line.period_index, line.cost_incl_vat.toString()])).toEqual([[1, '1.785']]);
    expect(priced.total_cost).toEqual({ excl_vat: 10.5, incl_vat: 10.785 });
  });

  it('an element with FLAT only and no other element: a session fee even when nothing is metered', () => {
    const tariff = tariffOf([{ price_components: [{ type: 'FLAT', price: 2, step_size: 1 }] }]);
    const cdr = buildCdr({
      end: '2024-01-10T17:01:00Z',
      periods: [{ at: '2024-01-10T17:00:00Z', ENERGY: 0 }],
    });
    expect(rate(tariff, cdr).total_cost).toEqual({ excl_vat: 2, incl_vat: 2 });
  });
});
