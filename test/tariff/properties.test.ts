// Properties that must hold for any tariff and CDR, checked with fast-check on generated data.
import fc from 'fast-check';
import { splitPlanFor } from '../../src/tariff/boundaries';
import { ExactDecimal } from '../../src/tariff/decimal/exactDecimal';
import { rateCdr } from '../../src/tariff/engine/rateCdr';
import type { CdrRating, CostCategory } from '../../src/tariff/engine/rating';
import type { Cdr, ChargingPeriod, Tariff } from '../../src/tariff/types';
import { cdrFrom, periodDraftArb, sessionStartArb, tariffArb, timeZoneArb } from './helpers/arbitraries';

const sum = (values: ExactDecimal[]) => values.reduce((a, b) => a.plus(b), ExactDecimal.ZERO);

const CATEGORY_TOTALS: [Exclude<CostCategory, 'price_limit'>, keyof CdrRating['totals']][] = [
  ['energy', 'total_energy_cost'],
  ['time', 'total_time_cost'],
  ['parking', 'total_parking_cost'],
  ['fixed', 'total_fixed_cost'],
  ['reservation', 'total_reservation_cost'],
];

const anySession = fc.record({
  tariff: tariffArb({ restricted: true }),
  start: sessionStartArb,
  drafts: fc.array(periodDraftArb, { minLength: 1, maxLength: 8 }),
  timeZone: timeZoneArb,
});

describe('rating properties', () => {
  it('every total is exactly the sum of its breakdown lines', () => {
    fc.assert(
      fc.property(anySession, ({ tariff, start, drafts, timeZone }) => {
        const rating = rateCdr(cdrFrom(start, drafts), { tariffs: [tariff], timeZone });
        const { totals, lines } = rating;
        expect(sum(lines.map((l) => l.cost_excl_vat)).compare(totals.total_cost.excl_vat)).toBe(0);
        expect(sum(lines.map((l) => l.cost_incl_vat)).compare(totals.total_cost.incl_vat)).toBe(0);
        for (const [category, total] of CATEGORY_TOTALS) {
          const own = lines.filter((line) => line.category === category);
          const price = totals[total] as { excl_vat: ExactDecimal; incl_vat: ExactDecimal };
          expect(sum(own.map((l) => l.cost_excl_vat)).compare(price.excl_vat)).toBe(0);
          expect(sum(own.map((l) => l.cost_incl_vat)).compare(price.incl_vat)).toBe(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('incl. VAT is never below excl. VAT, for the total and every line', () => {
    fc.assert(
      fc.property(anySession, ({ tariff, start, drafts, timeZone }) => {
        const rating = rateCdr(cdrFrom(start, drafts), { tariffs: [tariff], timeZone });
        expect(
          rating.totals.total_cost.incl_vat.compare(rating.totals.total_cost.excl_vat),
        ).toBeGreaterThanOrEqual(0);
        for (const line of rating.lines) {
          if (line.kind === 'min_price' || line.kind === 'max_price') continue; // adjustments, not prices
          expect(line.cost_incl_vat.compare(line.cost_excl_vat)).toBeGreaterThanOrEqual(0);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('under an unrestricted tariff, more energy or more time never costs less', () => {
    fc.assert(
      fc.property(
        tariffArb({ restricted: false }),
        sessionStartArb,
        fc.array(periodDraftArb, { minLength: 1, maxLength: 6 }),
        fc.nat(),
        fc.integer({ min: 1, max: 50_000 }),
        fc.constantFrom('energy', 'time'),
        (tariff, start, drafts, pick, extraUnits, grow) => {
          const index = pick % drafts.length;
          const grown = drafts.map((draft, i) => {
            if (i !== index) return draft;
            return grow === 'energy'
              ? { ...draft, energyKwh: Number((draft.energyKwh + extraUnits / 1000).toFixed(3)) }
              : { ...draft, hours: Number((draft.hours + extraUnits / 10000).toFixed(4)) };
          });
          const before = rateCdr(cdrFrom(start, drafts), { tariffs: [tariff] }).totals.total_cost;
          const after = rateCdr(cdrFrom(start, grown), { tariffs: [tariff] }).totals.total_cost;
          expect(after.excl_vat.compare(before.excl_vat)).toBeGreaterThanOrEqual(0);
          expect(after.incl_vat.compare(before.incl_vat)).toBeGreaterThanOrEqual(0);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('splitting a period where no restriction changes leaves every total unchanged', () => {
    fc.assert(
      fc.property(
        anySession,
        fc.nat(),
        fc.integer({ min: 1, max: 999 }),
        fc.integer({ min: 1, max: 999 }),
        ({ tariff, start, drafts, timeZone }, pick, energyShare, timeShare) => {
          const cdr = cdrFrom(start, drafts);
          const index = pick % cdr.charging_periods.length;
          const split = splitPeriod(cdr, index, energyShare / 1000, timeShare / 1000);
          fc.pre(
            split !== undefined &&
              noBoundaryCrossed(tariff, timeZone, cdr, index, split.atMs, split.firstEnergyKwh),
          );
          const whole = rateCdr(cdr, { tariffs: [tariff], timeZone }).totals;
          const parts = rateCdr(split!.cdr, { tariffs: [tariff], timeZone }).totals;
          expect(JSON.stringify(parts)).toEqual(JSON.stringify(whole));
        },
      ),
      { numRuns: 300 },
    );
  });
});

/** The CDR with period `index` cut 60 s after its start, volumes shared exactly (Wh / 0.36 s units). */
function splitPeriod(cdr: Cdr, index: number, energyShare: number, timeShare: number) {
  const period = cdr.charging_periods[index];
  const startMs = Date.parse(period.start_date_time);
  const atMs = startMs + 60_000;
  const nextMs =
    index + 1 < cdr.charging_periods.length
      ? Date.parse(cdr.charging_periods[index + 1].start_date_time)
      : Date.parse(cdr.end_date_time);
  if (atMs >= nextMs) return undefined;
  const first: ChargingPeriod = { ...period, dimensions: [] };
  const second: ChargingPeriod = { ...period, start_date_time: new Date(atMs).toISOString(), dimensions: [] };
  let firstEnergyKwh = 0;
  for (const dimension of period.dimensions) {
    if (dimension.type === 'MAX_POWER') {
      first.dimensions.push(dimension);
      second.dimensions.push(dimension);
      continue;
    }
    const decimals = dimension.type === 'ENERGY' ? 3 : 4;
    const scale = 10 ** decimals;
    const units = Math.round(dimension.volume * scale);
    const head = Math.floor(units * (dimension.type === 'ENERGY' ? energyShare : timeShare));
    first.dimensions.push({ type: dimension.type, volume: head / scale });
    second.dimensions.push({ type: dimension.type, volume: (units - head) / scale });
    if (dimension.type === 'ENERGY') firstEnergyKwh = head / scale;
  }
  const periods = [...cdr.charging_periods];
  periods.splice(index, 1, first, second);
  return { cdr: { ...cdr, charging_periods: periods }, atMs, firstEnergyKwh };
}

/** True when no wall-clock, duration or kWh threshold of the tariff lies between the period start and the cut. */
function noBoundaryCrossed(
  tariff: Tariff,
  timeZone: string,
  cdr: Cdr,
  index: number,
  atMs: number,
  firstKwh: number,
): boolean {
  const plan = splitPlanFor(tariff, timeZone);
  const periodStart = Date.parse(cdr.charging_periods[index].start_date_time);
  if (plan.instantsBetween(periodStart, atMs + 1).length > 0) return false;
  const sessionStart = Date.parse(cdr.charging_periods[0].start_date_time);
  const [d0, d1] = [(periodStart - sessionStart) / 1000, (atMs - sessionStart) / 1000];
  if (plan.durationThresholdsSeconds.some((t) => t > d0 && t <= d1)) return false;
  const energyBefore = cdr.charging_periods
    .slice(0, index)
    .flatMap((p) => p.dimensions)
    .filter((d) => d.type === 'ENERGY')
    .reduce((total, d) => total.plus(ExactDecimal.fromNumber(d.volume)), ExactDecimal.ZERO)
    .shift(3);
  const energyAtCut = energyBefore.plus(ExactDecimal.fromNumber(firstKwh).shift(3));
  return !plan.energyThresholdsWh.some((wh) => {
    const threshold = ExactDecimal.parse(wh);
    return threshold.compare(energyBefore) > 0 && threshold.compare(energyAtCut) <= 0;
  });
}
