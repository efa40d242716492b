// Strict parsing: each kind of bad input gives an InputError naming the JSON path; lenient omissions
// and unknown fields are warnings.
/* eslint-disable @typescript-eslint/no-explicit-any -- the cases deliberately break typed fixtures into invalid JSON */
import { InputError } from '../../src/tariff/parse/issues';
import { parseJsonText } from '../../src/tariff/parse/jsonText';
import { parseCdr, parseTariff, parseTariffList } from '../../src/tariff/parse/parseDocuments';
import { buildCdr, tariffOf } from './helpers/cdrBuilder';

function errorOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof InputError) return error.message;
    throw error;
  }
  throw new Error('expected an InputError');
}

describe('parseJsonText', () => {
  it.each([
    ['', 'the file is empty', '$', 1, 1],
    ['{"a": 1,}', 'expected a double-quoted property name', '$', 1, 9],
    ['{"a": tru}', 'expected true', 'a', 1, 10],
    ['[1, 2', "expected ',' or ']'", '$', 1, 6],
    ['{"periods": [{"v": 1}, {"v": 01}]}', "expected ',' or '}'", 'periods[1]', 1, 31],
    ['{"a": "x\ny"}', 'control character inside a string', 'a', 1, 9],
    ['{"a": 1} x', 'after the end of the JSON value', '$', 1, 10],
  ])('%j → %s at %s', (text, reason, path, line, column) => {
    expect(errorOf(() => parseJsonText(text, 'in.json'))).toContain(
      `in.json: ${path}: malformed JSON at line ${line}, column ${column}: `,
    );
    expect(errorOf(() => parseJsonText(text, 'in.json'))).toContain(reason);
  });
});

describe('parseTariff', () => {
  const valid = () =>
    tariffOf([
      {
        price_components: [{ type: 'ENERGY', price: 0.3, vat: 19, step_size: 1 }],
        restrictions: { start_time: '08:00' },
      },
    ]);

  it('accepts a valid tariff without warnings', () => {
    expect(parseTariff(valid()).warnings).toEqual([]);
  });

  it.each([
    ['elements', (t: any) => delete t.elements, 'elements: required field of Tariff is missing'],
    ['empty elements', (t: any) => (t.elements = []), 'elements: needs at least 1 item(s), got 0'],
    ['currency', (t: any) => (t.currency = 'EURO'), 'currency: "EURO" is not an ISO 4217 currency code'],
    ['type', (t: any) => (t.type = 'CHEAP'), 'type: expected one of AD_HOC_PAYMENT'],
    [
      'price type',
      (t: any) => (t.elements[0].price_components[0].price = null),
      'price: expected a number, got null',
    ],
    [
      'vat',
      (t: any) => (t.elements[0].price_components[0].vat = -1),
      'vat: negative values are not allowed, got -1 %',
    ],
    [
      'step_size',
      (t: any) => (t.elements[0].price_components[0].step_size = 1.5),
      'step_size: expected a whole number',
    ],
    [
      'component type',
      (t: any) => (t.elements[0].price_components[0].type = 'KWH'),
      'type: expected one of ENERGY, FLAT',
    ],
    [
      'time',
      (t: any) => (t.elements[0].restrictions.start_time = '24:00'),
      'start_time: "24:00" is not a time of day',
    ],
    [
      'date',
      (t: any) => (t.elements[0].restrictions.start_date = '2023-02-29'),
      'start_date: "2023-02-29" is not a calendar date',
    ],
    [
      'duration',
      (t: any) => (t.elements[0].restrictions.min_duration = 1.5),
      'min_duration: expected a whole number',
    ],
    [
      'kwh',
      (t: any) => (t.elements[0].restrictions.min_kwh = -2),
      'min_kwh: negative values are not allowed, got -2 kWh',
    ],
    [
      'day',
      (t: any) => (t.elements[0].restrictions.day_of_week = ['monday']),
      'day_of_week[0]: expected one of',
    ],
    [
      'min_price',
      (t: any) => (t.min_price = { incl_vat: 1 }),
      'min_price.excl_vat: required field of Price is missing',
    ],
    [
      'validity',
      (t: any) => ((t.start_date_time = '2024-02-01T00:00:00Z'), (t.end_date_time = '2024-01-01T00:00:00Z')),
      'end_date_time: end_date_time 2024-01-01T00:00:00Z is not after start_date_time',
    ],
  ])('%s', (_name, mutate, message) => {
    const tariff = valid();
    mutate(tariff);
    expect(errorOf(() => parseTariff(tariff, 'tariff.json'))).toContain(message);
  });

  it('the error names the file and the full path', () => {
    const tariff = valid();
    (tariff.elements[0].restrictions as any).end_time = '7pm';
    expect(errorOf(() => parseTariff(tariff, 'tariff.json'))).toBe(
      'tariff.json: elements[0].restrictions.end_time: "7pm" is not a time of day "HH:MM" (00:00 to 23:59, leading zeros)',
    );
  });

  it('lenient: missing country_code, party_id, last_updated, step_size are warnings', () => {
    const tariff: any = valid();
    delete tariff.country_code;
    delete tariff.party_id;
    delete tariff.last_updated;
    delete tariff.elements[0].price_components[0].step_size;
    const warnings = parseTariff(tariff).warnings.map((w) => `${w.path} ${w.code}`);
    expect(warnings).toEqual([
      'country_code required_field',
      'party_id required_field',
      'elements[0].price_components[0].step_size required_field',
      'last_updated required_field',
    ]);
  });

  it('unknown fields anywhere are warnings with a hint', () => {
    const tariff: any = valid();
    tariff.elements[0].price_components[0].stepSize = 1;
    tariff.tarif_alt_text = [];
    const warnings = parseTariff(tariff).warnings;
    expect(warnings.map((w) => [w.path, w.message])).toEqual([
      [
        'elements[0].price_components[0].stepSize',
        'unknown field, not part of OCPI 2.2.1 PriceComponent (did you mean "step_size"?); ignored',
      ],
      [
        'tarif_alt_text',
        'unknown field, not part of OCPI 2.2.1 Tariff (did you mean "tariff_alt_text"?); ignored',
      ],
    ]);
  });

  it('a list of tariffs reports paths with the index', () => {
    expect(errorOf(() => parseTariffList([valid(), { ...valid(), currency: 'XXX1' }], 'all.json'))).toContain(
      'all.json: [1].currency: "XXX1" is not an ISO 4217 currency code',
    );
  });
});

describe('parseCdr', () => {
  const valid = () =>
    buildCdr({
      end: '2024-01-10T12:00:00Z',
      periods: [
        { at: '2024-01-10T10:00:00Z', ENERGY: 10, TIME: 1 },
        { at: '2024-01-10T11:00:00Z', PARKING_TIME: 1 },
      ],
    });

  it('accepts a full CDR without warnings and a minimal one (conformance style) with warnings', () => {
    expect(parseCdr(valid()).warnings).toEqual([]);
    const minimal = {
      start_date_time: '2024-01-10T10:00:00Z',
      end_date_time: '2024-01-10T11:00:00Z',
      currency: 'EUR',
      tariffs: [],
      cdr_location: { country: 'NLD' },
      charging_periods: [
        { start_date_time: '2024-01-10T10:00:00Z', dimensions: [{ type: 'ENERGY', volume: 1 }] },
      ],
    };
    expect(parseCdr(minimal).warnings.map((w) => w.path)).toEqual([
      'country_code',
      'party_id',
      'id',
      'cdr_token',
      'auth_method',
      'last_updated',
    ]);
  });

  it.each([
    [
      'overlapping periods',
      (c: any) => (c.charging_periods[1].start_date_time = '2024-01-10T10:00:00Z'),
      'charging_periods[1].start_date_time: 2024-01-10T10:00:00Z is not after the previous period',
    ],
    [
      'period after the end',
      (c: any) => (c.charging_periods[1].start_date_time = '2024-01-10T12:00:01Z'),
      "is after the CDR's end_date_time",
    ],
    [
      'end before start',
      (c: any) => (c.end_date_time = '2024-01-10T09:00:00Z'),
      'end_date_time: end_date_time 2024-01-10T09:00:00Z is before start_date_time',
    ],
    [
      'dimension type',
      (c: any) => (c.charging_periods[0].dimensions[0].type = 'KWH'),
      'charging_periods[0].dimensions[0].type: expected one of',
    ],
    [
      'negative volume',
      (c: any) => (c.charging_periods[0].dimensions[1].volume = -0.5),
      'charging_periods[0].dimensions[1].volume: negative values are not allowed',
    ],
    ['no periods', (c: any) => (c.charging_periods = []), 'charging_periods: needs at least 1 item(s)'],
    [
      'embedded tariff',
      (c: any) => (c.tariffs = [{ id: 'x', currency: 'EUR', elements: [{}] }]),
      'tariffs[0].elements[0].price_components: required field',
    ],
  ])('%s', (_name, mutate, message) => {
    const cdr = valid();
    mutate(cdr);
    expect(errorOf(() => parseCdr(cdr, 'cdr.json'))).toContain(message);
  });
});
