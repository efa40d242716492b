import { fromMinorUnits, toMinorUnits } from '../../src/payments/minorUnits';
import { fromStripeAmount, toStripeAmount, toStripeMoney } from '../../src/payments/stripeAmount';

describe('toMinorUnits / fromMinorUnits (ISO 4217 exponents)', () => {
  it.each([
    ['12.34', 'EUR', 1234],
    ['12.3', 'EUR', 1230],
    ['12', 'EUR', 1200],
    ['12.3400', 'EUR', 1234], // numeric(12,4) as PostgreSQL prints it
    ['0', 'EUR', 0],
    ['0.01', 'EUR', 1],
    ['-5.50', 'EUR', -550], // credit notes carry negative totals
    ['1234', 'JPY', 1234],
    ['1234.000', 'JPY', 1234],
    ['1.235', 'KWD', 1235],
    ['1000', 'ISK', 1000],
    ['90071992547409.91', 'EUR', 9007199254740991],
  ])('%s %s -> %d', (amount, currency, minor) => {
    expect(toMinorUnits(amount, currency)).toBe(minor);
  });

  it.each([
    ['12.345', 'EUR', /more decimals than EUR has minor-unit digits \(2\)/],
    ['1234.5', 'JPY', /more decimals than JPY has minor-unit digits \(0\)/],
    ['1.2345', 'KWD', /more decimals than KWD/],
    // 23 significant digits: would round to an integer if multiplied first
    ['1.0000000000000000000001', 'EUR', /more decimals than EUR/],
    ['12,34', 'EUR', /not a plain decimal/],
    ['1e3', 'EUR', /not a plain decimal/],
    [' 12', 'EUR', /not a plain decimal/],
    ['', 'EUR', /not a plain decimal/],
    ['12.34', 'XYZ', /unknown currency "XYZ"/],
    ['90071992547409.92', 'EUR', /too large/],
  ])('rejects %j %s', (amount, currency, message) => {
    expect(() => toMinorUnits(amount, currency)).toThrow(message);
  });

  it.each([
    [1234, 'EUR', '12.34'],
    [5, 'EUR', '0.05'],
    [-550, 'EUR', '-5.50'],
    [1234, 'JPY', '1234'],
    [1235, 'KWD', '1.235'],
    [0, 'EUR', '0.00'],
  ])('%d %s -> %s', (minor, currency, amount) => {
    expect(fromMinorUnits(minor, currency)).toBe(amount);
    expect(toMinorUnits(amount, currency)).toBe(minor);
  });

  it('rejects a fractional minor amount', () => {
    expect(() => fromMinorUnits(12.5, 'EUR')).toThrow(/not a safe integer/);
  });
});

describe("Stripe's smallest units where they differ from ISO 4217", () => {
  it.each([
    [1234, 'EUR', 1234],
    [1234, 'JPY', 1234],
    [1200, 'ISK', 120000], // ISK: Stripe keeps two decimals
    [1200, 'MGA', 12], // MGA: ISO has two decimals, Stripe none
    [1230, 'KWD', 1230],
    [0, 'EUR', 0],
  ])('%d %s (ISO minor) <-> %d (Stripe)', (minor, currency, stripeAmount) => {
    expect(toStripeAmount(minor, currency)).toBe(stripeAmount);
    expect(fromStripeAmount(stripeAmount, currency)).toBe(minor);
  });

  it.each([
    [1250, 'MGA', /multiples of 1 at 0 decimals/],
    [1235, 'KWD', /multiples of 10 at 3 decimals/],
    [-1, 'EUR', /non-negative integer/],
    [1.5, 'EUR', /non-negative integer/],
  ])('refuses %d %s', (minor, currency, message) => {
    expect(() => toStripeAmount(minor, currency)).toThrow(message);
  });

  it('asks for a positive amount and a lowercase currency in requests', () => {
    expect(toStripeMoney(1234, 'EUR')).toEqual({ amount: 1234, currency: 'eur' });
    expect(() => toStripeMoney(0, 'EUR')).toThrow(/must be positive/);
  });

  it('refuses a Stripe amount that is no whole ISO minor unit', () => {
    expect(() => fromStripeAmount(120050, 'ISK')).toThrow(/not a whole number of ISO minor units/);
  });
});
