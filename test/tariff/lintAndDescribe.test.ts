// lintTariff: what a parsing tariff may still get wrong; describeTariff: the tariff in plain words.
import { describeTariff } from '../../src/tariff/describe/describeTariff';
import { lintTariff } from '../../src/tariff/lint/lintTariff';
import { parseTariffJson } from '../../src/tariff/parse/parseDocuments';
import type { Tariff, TariffElement } from '../../src/tariff/types';
import { energyElement, tariffOf } from './helpers/cdrBuilder';
import { conformanceAvailable, conformanceText } from './helpers/conformanceData';

const energy = (price: number, restrictions?: TariffElement['restrictions']) =>
  energyElement(price, restrictions, 19);
const codes = (tariff: unknown) =>
  lintTariff(tariff).map((issue) => `${issue.severity} ${issue.path} ${issue.code}`);

describe('lintTariff', () => {
  it('a tariff with a default element per dimension is clean', () => {
    expect(codes(tariffOf([energy(0.4, { start_time: '07:00', end_time: '20:00' }), energy(0.3)]))).toEqual(
      [],
    );
  });

  it('min_price above max_price is an error; incl below excl a warning', () => {
    const tariff = tariffOf([energy(0.3)], {
      min_price: { excl_vat: 20, incl_vat: 23.8 },
      max_price: { excl_vat: 10, incl_vat: 9 },
    });
    expect(codes(tariff)).toEqual([
      'warning max_price.incl_vat incl_below_excl',
      'error min_price.excl_vat min_above_max',
    ]);
  });

  it('elements that can never apply', () => {
    const tariff = tariffOf([
      energy(0.1, { start_date: '2024-06-02', end_date: '2024-06-01' }),
      energy(0.2, { min_kwh: 20, max_kwh: 10 }),
      energy(0.25, { min_duration: 3600, max_duration: 3600 }),
      energy(0.3, { max_power: 0 }),
      energy(0.4),
    ]);
    expect(codes(tariff)).toEqual([
      'warning elements[0].restrictions.end_date element_never_applies',
      'warning elements[1].restrictions.max_kwh element_never_applies',
      'warning elements[2].restrictions.max_duration element_never_applies',
      'warning elements[3].restrictions.max_power element_never_applies',
    ]);
  });

  it('components hidden behind an earlier unrestricted element, duplicates, reservation dimensions', () => {
    const tariff = tariffOf([
      energy(0.3),
      {
        price_components: [
          { type: 'ENERGY', price: 0.5, step_size: 1 },
          { type: 'TIME', price: 1, step_size: 60 },
          { type: 'TIME', price: 2, step_size: 60 },
        ],
        restrictions: { min_power: 50 },
      },
      {
        price_components: [{ type: 'ENERGY', price: 0.1, step_size: 1 }],
        restrictions: { reservation: 'RESERVATION' },
      },
    ]);
    expect(codes(tariff)).toEqual([
      'warning elements[1].price_components[0] component_never_applies',
      'warning elements[1].price_components[2] duplicate_component',
      'warning elements[2].price_components[0] reservation_dimension',
      'warning elements no_fallback_element',
    ]);
  });

  it('overlapping time windows on common days', () => {
    const tariff = tariffOf([
      energy(0.4, { start_time: '09:00', end_time: '18:00', day_of_week: ['MONDAY', 'TUESDAY'] }),
      energy(0.5, { start_time: '17:00', end_time: '20:00', day_of_week: ['TUESDAY'] }),
      energy(0.6, { start_time: '22:00', end_time: '06:00' }),
      energy(0.2, { start_time: '05:00', end_time: '08:00', day_of_week: ['SUNDAY'] }),
      energy(0.3),
    ]);
    expect(codes(tariff)).toEqual([
      'warning elements[1].restrictions overlapping_restrictions',
      'warning elements[3].restrictions overlapping_restrictions',
    ]);
  });

  it('step sizes: zero, odd seconds, huge energy blocks', () => {
    const tariff = tariffOf([
      {
        price_components: [
          { type: 'ENERGY', price: 0.3, step_size: 50_000 },
          { type: 'TIME', price: 1, step_size: 0 },
          { type: 'PARKING_TIME', price: 5, step_size: 7 },
          { type: 'FLAT', price: 1, step_size: 0 },
        ],
      },
    ]);
    expect(codes(tariff)).toEqual([
      'warning elements[0].price_components[0].step_size odd_step_size',
      'warning elements[0].price_components[1].step_size step_size_zero',
      'warning elements[0].price_components[2].step_size odd_step_size',
    ]);
  });

  it('stops at parse errors (nothing else is checked on a broken tariff)', () => {
    expect(
      codes({ id: 'x', currency: 'EUR', elements: [{ price_components: [{ type: 'ENERGY' }] }] }),
    ).toEqual([
      'warning country_code required_field',
      'warning party_id required_field',
      'error elements[0].price_components[0].price required_field',
      'warning elements[0].price_components[0].step_size required_field',
      'warning last_updated required_field',
    ]);
  });

  (conformanceAvailable ? it : it.skip)(
    'matches the upstream lint expectations (misspelled_field, grace_period_parking_time)',
    () => {
      const misspelled = JSON.parse(
        conformanceText('extra/ocpi-tariffs-py/test_data/v2_2_1/misspelled_field/tariff.json'),
      );
      const found = codes(misspelled);
      // upstream: $.country_code cpo_country_code_should_be_alpha2 + country.invalid_case, $.currency currency.invalid_case
      expect(found).toEqual(
        expect.arrayContaining([
          'warning country_code country_code_not_alpha2',
          'warning country_code invalid_case',
          'warning currency invalid_case',
          'warning elements[0].restrictions.dayOfWeek unknown_field',
          'warning elements[1].restrictions.dayOfWeek unknown_field',
        ]),
      );
      const grace = JSON.parse(conformanceText('test_data/grace_period_parking_time/tariff.json'));
      expect(codes(grace)).toContain('warning country_code required_field');
    },
  );
});

describe('describeTariff', () => {
  it('prices per kWh, minute, session and idle time with conditions and VAT', () => {
    const tariff: Tariff = tariffOf(
      [
        { price_components: [{ type: 'FLAT', price: 1, vat: 20, step_size: 1 }] },
        energy(0.25, { max_power: 22 }),
        energy(0.45, { day_of_week: ['SATURDAY', 'SUNDAY'], start_time: '22:00', end_time: '06:00' }),
        energy(0.35),
        {
          price_components: [{ type: 'PARKING_TIME', price: 9, step_size: 900 }],
          restrictions: { min_duration: 14400 },
        },
        {
          price_components: [{ type: 'TIME', price: 3, vat: 20, step_size: 300 }],
          restrictions: { reservation: 'RESERVATION' },
        },
      ],
      {
        min_price: { excl_vat: 1.5 },
        max_price: { excl_vat: 60, incl_vat: 71.4 },
        end_date_time: '2025-01-01T00:00:00Z',
      },
    );
    expect(describeTariff(tariff).lines).toEqual([
      'Session fee: €1.00 per session (€1.20 incl. 20% VAT).',
      'Energy: €0.25 per kWh (€0.2975 incl. 19% VAT), when charging below 22 kW.',
      'Energy: €0.45 per kWh (€0.5355 incl. 19% VAT), on Saturday and Sunday, from 22:00 to 06:00 the next day.',
      'Energy: €0.35 per kWh (€0.4165 incl. 19% VAT), otherwise.',
      'Idle fee (connected, not charging): €0.15 per minute, €9.00 per hour (no VAT), billed per started 15 minutes, after 4 hours of the session.',
      'Reservation time: €0.05 per minute, €3.00 per hour (€3.60 incl. 20% VAT per hour), billed per started 5 minutes.',
      'Minimum price per session: €1.50 excl. VAT.',
      'Maximum price per session: €60.00 excl. VAT, €71.40 incl. VAT.',
      'This tariff applies to sessions starting until 2025-01-01T00:00:00Z (UTC).',
    ]);
  });

  (conformanceAvailable ? it : it.skip)(
    'uses tariff_alt_text in the requested language, the URL, and a per-minute price that does not terminate',
    () => {
      const altText = parseTariffJson(conformanceText('test_data/alt_text/tariff.json')).value;
      const nl = describeTariff(altText, { language: 'nl' });
      expect([nl.title, nl.altText]).toEqual([
        'Tariff 12 (AD_HOC_PAYMENT), prices in EUR',
        '2.00 euro p/uur inclusief BTW.',
      ]);
      expect(nl.lines).toEqual([
        'Charging time: €0.0317 per minute, €1.90 per hour (€1.9988 incl. 5.2% VAT per hour), billed per started 5 minutes.',
      ]);
      expect(describeTariff(altText, { language: 'fr' }).altText).toBe('2.00 euro p/hour including VAT.');
      expect(
        describeTariff(parseTariffJson(conformanceText('test_data/alt_url/tariff.json')).value).altUrl,
      ).toBe('https://company.com/tariffs/13');
    },
  );

  it('a tariff with nothing to pay says so', () => {
    const free = tariffOf([{ price_components: [{ type: 'FLAT', price: 0, step_size: 0 }] }]);
    expect(describeTariff(free).lines).toEqual(['Charging is free of charge.']);
    expect(describeTariff(free, { language: 'de' }).lines).toEqual(['Laden ist kostenlos.']);
  });
});
