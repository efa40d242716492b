// step_size on time volumes: OCPI carries time as decimal hours, so the step is taken on the
// volume rounded to whole seconds (0.6667 h is 2400.12 s, i.e. 40 minutes, not 40 min 0.12 s).
// Energy volumes in Wh stay exact.
import { buildCdr, rate, tariffOf } from './helpers/cdrBuilder';
import type { PricedCdr } from '../../src/tariff/engine/pricedCdr';
import type { TariffDimensionType } from '../../src/tariff/types';

/** One element pricing `dimension` at `price` per hour (or kWh) with `step` seconds (or Wh). */
function steppedTariff(dimension: TariffDimensionType, price: number, step: number) {
  return tariffOf([{ price_components: [{ type: dimension, price, vat: 19, step_size: step }] }]);
}

function stepLine(priced: PricedCdr) {
  const line = priced.chargeledger_breakdown.lines.find((l) => l.kind === 'step_size');
  return (
    line && {
      session: line.step!.session_volume.toString(),
      billed: line.step!.billed_volume.toString(),
      extra: line.step!.extra_volume.toString(),
      cost: line.cost_excl_vat.toString(),
    }
  );
}

const parkingCdr = (hours: number) =>
  buildCdr({
    start: '2024-05-01T10:00:00Z',
    end: '2024-05-01T11:00:00Z',
    periods: [{ at: '2024-05-01T10:00:00Z', PARKING_TIME: hours }],
  });

describe('step_size on time volumes (whole seconds)', () => {
  it('bills 40 minutes of parking given as 0.6667 h with a 60 s step, not 41', () => {
    const priced = rate(steppedTariff('PARKING_TIME', 6, 60), parkingCdr(0.6667));
    // 0.6667 h = 2400.12 s → 2400 s, already a whole minute: no step line, the period's 0.6667 h is billed.
    expect(stepLine(priced)).toBeUndefined();
    expect(priced.chargeledger_breakdown.exact_totals.total_parking_cost.excl_vat).toBe('4.0002');
    expect(priced.total_parking_cost).toEqual({ excl_vat: 4.0002, incl_vat: 4.7602 });
  });

  it('fills up to the step when the rounded seconds fall short of it (0.6666 h = 2399.76 s → 2400 s)', () => {
    const priced = rate(steppedTariff('TIME', 6, 60), {
      ...parkingCdr(0),
      charging_periods: [
        { start_date_time: '2024-05-01T10:00:00Z', dimensions: [{ type: 'TIME', volume: 0.6666 }] },
      ],
    });
    expect(stepLine(priced)).toEqual({
      session: '2399.76',
      billed: '2400',
      extra: '0.24',
      // 0.24 s × 6.00/h = 0.0004
      cost: '0.0004',
    });
    expect(priced.chargeledger_breakdown.exact_totals.total_time_cost.excl_vat).toBe('4');
  });

  it('still rounds up to the next step from the nearest whole second (2400.6 s → 2401 s → 2460 s)', () => {
    // 0.66683333… h cannot be written; 0.6668 h = 2400.48 s rounds down, 0.66685 h = 2400.66 s rounds up.
    expect(stepLine(rate(steppedTariff('PARKING_TIME', 6, 60), parkingCdr(0.6668)))).toBeUndefined();
    expect(stepLine(rate(steppedTariff('PARKING_TIME', 6, 60), parkingCdr(0.66685)))).toEqual({
      session: '2400.66',
      billed: '2460',
      extra: '59.34',
      cost: '0.0989',
    });
  });

  it('rounds a half second up and less than half down (4.5 s → 5 s, 0.45 s → 0 s)', () => {
    // 0.00125 h = 4.5 s → 5 s → a 4 s step bills 8 s (half-down or half-even would give 4 s, no step line).
    expect(stepLine(rate(steppedTariff('PARKING_TIME', 3.6, 4), parkingCdr(0.00125)))).toMatchObject({
      session: '4.5',
      billed: '8',
      extra: '3.5',
    });
    // 0.000125 h = 0.45 s → 0 s: nothing to round up to.
    expect(stepLine(rate(steppedTariff('PARKING_TIME', 3.6, 60), parkingCdr(0.000125)))).toBeUndefined();
  });

  it('keeps energy exact in Wh: 10.0001 kWh with a 1000 Wh step bills 11 kWh', () => {
    const priced = rate(
      steppedTariff('ENERGY', 0.5, 1000),
      buildCdr({
        start: '2024-05-01T10:00:00Z',
        end: '2024-05-01T11:00:00Z',
        periods: [{ at: '2024-05-01T10:00:00Z', ENERGY: 10.0001 }],
      }),
    );
    expect(stepLine(priced)).toEqual({
      session: '10000.1',
      billed: '11000',
      extra: '999.9',
      cost: '0.49995',
    });
  });
});
