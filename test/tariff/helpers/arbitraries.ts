// fast-check generators for tariffs and CDRs that look like real ones: prices with up to 4 decimals,
// common VAT rates and step sizes, restrictions of every kind, periods minutes to hours apart.
import fc from 'fast-check';
import { DAYS_OF_WEEK } from '../../../src/tariff/parse/tariffSchema';
import type {
  CdrDimensionType,
  ChargingPeriod,
  PriceComponent,
  Tariff,
  TariffElement,
  TariffRestrictions,
} from '../../../src/tariff/types';
import { buildCdr, tariffOf } from './cdrBuilder';

/** A decimal with up to `decimals` places in [0, max], as the JSON number a file would carry. */
export const decimal = (max: number, decimals: number) =>
  fc
    .integer({ min: 0, max: max * 10 ** decimals })
    .map((n) => Number((n / 10 ** decimals).toFixed(decimals)));

const hhmm = fc
  .tuple(fc.integer({ min: 0, max: 23 }), fc.constantFrom(0, 15, 30, 45))
  .map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);

export const restrictionsArb: fc.Arbitrary<TariffRestrictions> = fc.record(
  {
    start_time: hhmm,
    end_time: hhmm,
    day_of_week: fc.subarray([...DAYS_OF_WEEK], { minLength: 1 }),
    min_kwh: decimal(30, 1),
    max_kwh: decimal(60, 1),
    min_duration: fc.integer({ min: 0, max: 4 * 3600 }),
    max_duration: fc.integer({ min: 0, max: 8 * 3600 }),
    min_power: decimal(50, 0),
    max_power: decimal(150, 0),
  },
  { requiredKeys: [] },
);

export function componentArb(type: PriceComponent['type']): fc.Arbitrary<PriceComponent> {
  return fc.record(
    {
      type: fc.constant(type),
      price: decimal(5, 4),
      vat: fc.constantFrom(0, 5.5, 7, 19, 20, 21),
      step_size: fc.constantFrom(0, 1, 60, 300, 900, 100, 1000, 5000),
    },
    { requiredKeys: ['type', 'price', 'step_size'] },
  );
}

function elementArb(restricted: boolean): fc.Arbitrary<TariffElement> {
  const components = fc
    .subarray(['ENERGY', 'TIME', 'PARKING_TIME', 'FLAT'] as const, { minLength: 1 })
    .chain((types) => fc.tuple(...types.map(componentArb)));
  return restricted
    ? fc.record({ price_components: components, restrictions: restrictionsArb })
    : fc.record({ price_components: components });
}

/** A tariff with 1–6 elements, restricted or not, optionally with min/max price (incl ≥ excl). */
export function tariffArb(options: { restricted: boolean }): fc.Arbitrary<Tariff> {
  const limit = fc
    .tuple(decimal(20, 2), decimal(5, 2))
    .map(([excl, vat]) => ({ excl_vat: excl, incl_vat: Number((excl + vat).toFixed(2)) }));
  return fc
    .record(
      {
        elements: fc.array(elementArb(options.restricted), { minLength: 1, maxLength: 6 }),
        min_price: limit,
        max_price: limit.map((l) => ({ excl_vat: l.excl_vat + 20, incl_vat: l.incl_vat + 25 })),
      },
      { requiredKeys: ['elements'] },
    )
    .map(({ elements, ...limits }) => tariffOf(elements, limits));
}

export interface PeriodDraft {
  gapMinutes: number;
  energyKwh: number;
  hours: number;
  parking: boolean;
  maxPowerKw: number;
}

export const periodDraftArb: fc.Arbitrary<PeriodDraft> = fc.record({
  gapMinutes: fc.integer({ min: 1, max: 180 }),
  energyKwh: decimal(40, 3),
  hours: decimal(3, 4),
  parking: fc.boolean(),
  maxPowerKw: decimal(150, 1),
});

export const sessionStartArb = fc
  .integer({
    min: Date.parse('2024-01-01T00:00:00Z') / 60000,
    max: Date.parse('2024-12-31T00:00:00Z') / 60000,
  })
  .map((minute) => minute * 60000);

export const timeZoneArb = fc.constantFrom('UTC', 'Europe/Berlin', 'America/New_York');

/** Periods from drafts: charging periods carry ENERGY + TIME, parking periods PARKING_TIME. */
export function periodsFrom(
  startMs: number,
  drafts: PeriodDraft[],
): { periods: ChargingPeriod[]; endMs: number } {
  let at = startMs;
  const periods = drafts.map((draft) => {
    const dimensions: { type: CdrDimensionType; volume: number }[] = draft.parking
      ? [{ type: 'PARKING_TIME', volume: draft.hours }]
      : [
          { type: 'ENERGY', volume: draft.energyKwh },
          { type: 'TIME', volume: draft.hours },
          { type: 'MAX_POWER', volume: draft.maxPowerKw },
        ];
    const period = { start_date_time: new Date(at).toISOString(), dimensions };
    at += draft.gapMinutes * 60000;
    return period;
  });
  return { periods, endMs: at };
}

export function cdrFrom(startMs: number, drafts: PeriodDraft[]) {
  const { periods, endMs } = periodsFrom(startMs, drafts);
  const cdr = buildCdr({
    start: new Date(startMs).toISOString(),
    end: new Date(endMs).toISOString(),
    periods: [],
  });
  return { ...cdr, charging_periods: periods };
}
