// ExactDecimal against decimal.js as the oracle, and the fast ISO-8601 parser against Date.parse.
import DecimalJs from 'decimal.js';
import fc from 'fast-check';
import { ExactDecimal } from '../../src/tariff/decimal/exactDecimal';
import { parseInstant } from '../../src/tariff/time/instant';

// decimal.js rounds to 20 significant digits by default: give the oracle room to be exact.
const Decimal = DecimalJs.clone({ precision: 200 });
const d = (text: string) => ExactDecimal.parse(text);

describe('ExactDecimal', () => {
  it('reads a JSON number as the decimal it was written as', () => {
    expect(
      [0.0834, 0.1 + 0.2, 1e-7, 1.5e21, 20, -0.5, 123456.789].map((n) =>
        ExactDecimal.fromNumber(n).toString(),
      ),
    ).toEqual([
      '0.0834',
      '0.30000000000000004',
      '0.0000001',
      '1500000000000000000000',
      '20',
      '-0.5',
      '123456.789',
    ]);
  });

  it('adds and multiplies exactly where binary floats do not', () => {
    expect(d('0.1').plus(d('0.2')).toString()).toBe('0.3');
    expect(d('0.0834').times(d('1.2')).toString()).toBe('0.10008');
    expect(d('13.208').times(d('0.49')).times(d('1.19')).toString()).toBe('7.7015848');
  });

  it('rounds half away from zero, once', () => {
    expect(
      ['0.125', '0.135', '-0.125', '2.5', '0.12499999'].map((t) => d(t).roundHalfUp(2).toString()),
    ).toEqual(['0.13', '0.14', '-0.13', '2.5', '0.12']);
    expect(d('0.5').toFixed(2)).toBe('0.50');
    expect(d('4.997').toFixed(2)).toBe('5.00');
  });

  it('ceils to a step, divides exactly when the quotient terminates and to 12 places otherwise', () => {
    expect(d('120.24').ceilToMultipleOf(900).toString()).toBe('900');
    expect(d('900').ceilToMultipleOf(900).toString()).toBe('900');
    expect(d('115.2').ceilToMultipleOf(1).toString()).toBe('116');
    expect(d('900').dividedBy(d('3600'), 12).toString()).toBe('0.25');
    expect(d('60').dividedBy(d('3600'), 12).toString()).toBe('0.016666666667');
    expect(d('2').dividedBy(d('3'), 12).toString()).toBe('0.666666666667');
  });

  it('agrees with decimal.js on sums, products and comparisons of random decimals', () => {
    const decimalText = fc
      .tuple(fc.bigInt({ min: -(10n ** 18n), max: 10n ** 18n }), fc.integer({ min: 0, max: 12 }))
      .map(([units, scale]) => new ExactDecimal(units, scale).toString());
    fc.assert(
      fc.property(decimalText, decimalText, (a, b) => {
        expect(d(a).plus(d(b)).toString()).toBe(new Decimal(a).plus(b).toFixed());
        expect(d(a).minus(d(b)).toString()).toBe(new Decimal(a).minus(b).toFixed());
        expect(d(a).times(d(b)).toString()).toBe(new Decimal(a).times(b).toFixed());
        expect(d(a).compare(d(b))).toBe(new Decimal(a).comparedTo(b));
        expect(d(a).roundHalfUp(2).toString()).toBe(
          new Decimal(a).toDecimalPlaces(2, DecimalJs.ROUND_HALF_UP).toFixed(),
        );
      }),
      { numRuns: 500 },
    );
  });

  it('reads every double as its shortest round-trip decimal', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e12, max: 1e12 }), (n) => {
        expect(ExactDecimal.fromNumber(n).toString()).toBe(new Decimal(String(n)).toFixed());
      }),
      { numRuns: 2000 },
    );
  });
});

describe('parseInstant', () => {
  it('agrees with Date.parse on OCPI DateTimes (Z, offsets, fractions, no designator = UTC)', () => {
    const instant = fc.date({
      min: new Date('1970-01-01'),
      max: new Date('2200-01-01'),
      noInvalidDate: true,
    });
    fc.assert(
      fc.property(
        instant,
        fc.constantFrom('', 'Z', '+01:00', '-05:30'),
        fc.boolean(),
        (date, zone, withMillis) => {
          const iso = date.toISOString().slice(0, withMillis ? 23 : 19);
          expect(parseInstant(iso + zone)).toBe(Date.parse(iso + (zone || 'Z')));
        },
      ),
      { numRuns: 1000 },
    );
  });

  it('refuses what is not a DateTime', () => {
    for (const text of [
      '2023-02-29T00:00:00Z',
      '2024-01-01T24:00:00Z',
      '2024-01-01T10:00Z',
      '2024-01-01 10:00:00',
      '2024-1-01T10:00:00Z',
      '2024-01-01T10:00:00+0100',
    ]) {
      expect({ text, ms: parseInstant(text) }).toEqual({ text, ms: undefined });
    }
  });
});
