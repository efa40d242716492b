// Choosing among several tariffs: by type, by validity at the session start, by a period's tariff_id.
import { InputError } from '../../src/tariff/parse/issues';
import { rateCdr } from '../../src/tariff/engine/rateCdr';
import type { Tariff } from '../../src/tariff/types';
import { buildCdr, tariffOf } from './helpers/cdrBuilder';

const perKwh = (id: string, price: number, extra: Partial<Tariff> = {}): Tariff =>
  tariffOf([{ price_components: [{ type: 'ENERGY', price, step_size: 1 }] }], { id, ...extra });

function chosen(tariffs: Tariff[], at: string, options: { tariffType?: Tariff['type'] } = {}) {
  const cdr = buildCdr({ end: '2030-01-01T00:00:00Z', periods: [{ at, ENERGY: 1 }] });
  const rating = rateCdr(cdr, { tariffs, ...options });
  return { ids: rating.tariff_ids, warnings: rating.warnings.map((w) => w.code) };
}

describe('tariff selection', () => {
  const regular = perKwh('REG', 0.39, { type: 'REGULAR' });
  const adHoc = perKwh('ADHOC', 0.59, { type: 'AD_HOC_PAYMENT' });
  const untyped = perKwh('ANY', 0.49);

  it('by type: REGULAR by default, the requested type when given, untyped as the fallback', () => {
    expect(chosen([adHoc, untyped, regular], '2024-05-01T10:00:00Z').ids).toEqual(['REG']);
    expect(
      chosen([regular, untyped, adHoc], '2024-05-01T10:00:00Z', { tariffType: 'AD_HOC_PAYMENT' }).ids,
    ).toEqual(['ADHOC']);
    expect(chosen([regular, untyped], '2024-05-01T10:00:00Z', { tariffType: 'PROFILE_GREEN' }).ids).toEqual([
      'ANY',
    ]);
  });

  it('no tariff of the type and none untyped: the first offered, with a warning', () => {
    expect(chosen([adHoc], '2024-05-01T10:00:00Z')).toEqual({
      ids: ['ADHOC'],
      warnings: ['no_tariff_of_type'],
    });
  });

  describe('by validity at the session start', () => {
    const old = perKwh('OLD', 0.35, { end_date_time: '2024-07-01T00:00:00Z' });
    const successor = perKwh('NEW', 0.42, { start_date_time: '2024-07-01T00:00:00Z' });

    it('end_date_time is exclusive, start_date_time inclusive', () => {
      expect(chosen([old, successor], '2024-06-30T23:59:59Z').ids).toEqual(['OLD']);
      expect(chosen([old, successor], '2024-07-01T00:00:00Z').ids).toEqual(['NEW']);
    });

    it('a successor announced in advance wins over an open-ended predecessor once active', () => {
      const openEnded = perKwh('OPEN', 0.3);
      expect(chosen([successor, openEnded], '2024-06-15T00:00:00Z').ids).toEqual(['OPEN']);
      expect(chosen([openEnded, successor], '2024-08-15T00:00:00Z').ids).toEqual(['NEW']);
    });

    it('the tariff valid at the start prices the whole session, even across its end_date_time', () => {
      const cdr = buildCdr({
        end: '2024-07-01T01:00:00Z',
        periods: [
          { at: '2024-06-30T23:00:00Z', ENERGY: 10 },
          { at: '2024-07-01T00:00:00Z', ENERGY: 10 },
        ],
      });
      const rating = rateCdr(cdr, { tariffs: [old, successor] });
      expect(rating.totals.total_cost.excl_vat.toString()).toBe('7');
    });

    it('no tariff valid at the start: the first candidate, with a warning', () => {
      expect(chosen([successor], '2024-01-01T00:00:00Z')).toEqual({
        ids: ['NEW'],
        warnings: ['tariff_not_valid_at_session_start'],
      });
    });
  });

  it("a period's tariff_id switches tariffs for that period (e.g. a changed charging preference)", () => {
    const fast = perKwh('FAST', 0.69, { type: 'PROFILE_FAST' });
    const cdr = buildCdr({
      end: '2024-05-01T12:00:00Z',
      periods: [
        { at: '2024-05-01T10:00:00Z', ENERGY: 10 },
        { at: '2024-05-01T11:00:00Z', ENERGY: 10, tariff_id: 'FAST' },
      ],
    });
    const rating = rateCdr(cdr, { tariffs: [regular, fast] });
    expect(rating.tariff_ids).toEqual(['REG', 'FAST']);
    expect(rating.totals.total_cost.excl_vat.toString()).toBe('10.8');
  });

  it('an unknown tariff_id falls back to the session tariff with a warning', () => {
    const cdr = buildCdr({
      end: '2024-05-01T12:00:00Z',
      periods: [{ at: '2024-05-01T10:00:00Z', ENERGY: 10, tariff_id: 'GONE' }],
    });
    const rating = rateCdr(cdr, { tariffs: [regular] });
    expect([rating.tariff_ids, rating.warnings.map((w) => w.code)]).toEqual([['REG'], ['unknown_tariff_id']]);
  });

  it('the CDR embedded tariffs are used when none are passed', () => {
    const cdr = buildCdr({
      end: '2024-05-01T11:00:00Z',
      periods: [{ at: '2024-05-01T10:00:00Z', ENERGY: 2 }],
      tariffs: [untyped],
    });
    expect(rateCdr(cdr).totals.total_cost.excl_vat.toString()).toBe('0.98');
  });

  it('refuses a tariff in another currency and a CDR without any tariff', () => {
    const cdr = buildCdr({
      end: '2024-05-01T11:00:00Z',
      periods: [{ at: '2024-05-01T10:00:00Z', ENERGY: 2 }],
      currency: 'CHF',
    });
    expect(() => rateCdr(cdr, { tariffs: [regular] })).toThrow('tariff REG is in EUR but the CDR is in CHF');
    expect(() => rateCdr(cdr)).toThrow(InputError);
  });
});
