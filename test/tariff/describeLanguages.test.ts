// describeTariff in the driver's language: German for 'de', English otherwise; a price of zero
// reads as free. Intl writes "0,35 €" with a no-break space, which is kept (it keeps an amount on one
// line in the PDF) and shown here as a plain space.
import { describeTariff } from '../../src/tariff/describe/describeTariff';
import type { Tariff } from '../../src/tariff/types';
import { tariffOf } from './helpers/cdrBuilder';

const plain = (lines: string[]) => lines.map((line) => line.replace(/\u00a0/g, ' '));
const linesIn = (tariff: Tariff, language?: string) => plain(describeTariff(tariff, { language }).lines);

const everyRestriction: Tariff = tariffOf(
  [
    { price_components: [{ type: 'FLAT', price: 1, vat: 20, step_size: 1 }] },
    {
      price_components: [{ type: 'ENERGY', price: 0.25, vat: 19, step_size: 1 }],
      restrictions: { max_power: 22.5 },
    },
    {
      price_components: [{ type: 'ENERGY', price: 0.45, vat: 19, step_size: 500 }],
      restrictions: {
        day_of_week: ['SUNDAY', 'SATURDAY'],
        start_time: '22:00',
        end_time: '06:00',
        start_date: '2025-01-01',
        end_date: '2026-01-01',
        min_kwh: 10.5,
      },
    },
    {
      price_components: [{ type: 'ENERGY', price: 0.3, vat: 19, step_size: 1 }],
      restrictions: { day_of_week: ['WEDNESDAY'], start_time: '18:00', end_time: '00:00', max_kwh: 20 },
    },
    {
      price_components: [{ type: 'TIME', price: 1.2, vat: 19, step_size: 3600 }],
      restrictions: { min_power: 50, day_of_week: ['MONDAY', 'WEDNESDAY', 'FRIDAY'] },
    },
    {
      price_components: [{ type: 'PARKING_TIME', price: 0, vat: 19, step_size: 60 }],
      restrictions: { max_duration: 3600 },
    },
    {
      price_components: [{ type: 'PARKING_TIME', price: 9, step_size: 900 }],
      restrictions: { min_duration: 5400, min_current: 16, max_current: 32 },
    },
    {
      price_components: [{ type: 'FLAT', price: 2, vat: 19, step_size: 1 }],
      restrictions: { reservation: 'RESERVATION' },
    },
    {
      price_components: [{ type: 'FLAT', price: 0, vat: 19, step_size: 1 }],
      restrictions: { reservation: 'RESERVATION_EXPIRES' },
    },
  ],
  {
    id: 'T-7',
    type: 'REGULAR',
    min_price: { excl_vat: 1.5 },
    max_price: { excl_vat: 60, incl_vat: 71.4 },
    start_date_time: '2024-06-01T00:00:00Z',
    end_date_time: '2026-01-01T00:00:00Z',
  },
);

describe('describeTariff in English and German', () => {
  it('writes every price, restriction, limit and the validity in English', () => {
    expect(describeTariff(everyRestriction).title).toBe('Tariff T-7 (REGULAR), prices in EUR');
    expect(linesIn(everyRestriction, 'en')).toEqual([
      'Session fee: €1.00 per session (€1.20 incl. 20% VAT).',
      'Energy: €0.25 per kWh (€0.2975 incl. 19% VAT), when charging below 22.5 kW.',
      'Energy: €0.45 per kWh (€0.5355 incl. 19% VAT), billed per started 0.5 kWh, on Saturday and Sunday, from 22:00 to 06:00 the next day, from 2025-01-01, before 2026-01-01, once 10.5 kWh have been charged.',
      'Energy: €0.30 per kWh (€0.357 incl. 19% VAT), on Wednesdays, from 18:00 to midnight, for the first 20 kWh.',
      'Charging time: €0.02 per minute, €1.20 per hour (€1.428 incl. 19% VAT per hour), billed per started hour, on Monday, Wednesday and Friday, when charging at 50 kW or more.',
      'No idle fee during the first 1 hour of the session.',
      'Idle fee (connected, not charging): €0.15 per minute, €9.00 per hour (no VAT), billed per started 15 minutes, after 1 hour 30 minutes of the session, when charging from 16 A up to (not including) 32 A.',
      'Reservation fee: €2.00 per session (€2.38 incl. 19% VAT).',
      'No reservation fee when the reservation expires unused.',
      'Minimum price per session: €1.50 excl. VAT.',
      'Maximum price per session: €60.00 excl. VAT, €71.40 incl. VAT.',
      'This tariff applies to sessions starting from 2024-06-01T00:00:00Z until 2026-01-01T00:00:00Z (UTC).',
    ]);
  });

  it('writes the same in German, with decimal commas and amounts as "0,25 €"', () => {
    expect(describeTariff(everyRestriction, { language: 'de' }).title).toBe(
      'Tarif T-7 (REGULAR), Preise in EUR',
    );
    expect(linesIn(everyRestriction, 'de')).toEqual([
      'Startgebühr: 1,00 € je Ladevorgang (1,20 € inkl. 20 % MwSt.).',
      'Energie: 0,25 € je kWh (0,2975 € inkl. 19 % MwSt.), bei einer Ladeleistung unter 22,5 kW.',
      'Energie: 0,45 € je kWh (0,5355 € inkl. 19 % MwSt.), abgerechnet je angefangene 0,5 kWh, samstags und sonntags, von 22:00 bis 06:00 Uhr am Folgetag, ab dem 01.01.2025, vor dem 01.01.2026, sobald 10,5 kWh geladen sind.',
      'Energie: 0,30 € je kWh (0,357 € inkl. 19 % MwSt.), mittwochs, von 18:00 bis Mitternacht, für die ersten 20 kWh.',
      'Ladezeit: 0,02 € je Minute, 1,20 € je Stunde (1,428 € inkl. 19 % MwSt. je Stunde), abgerechnet je angefangene Stunde, montags, mittwochs und freitags, bei einer Ladeleistung ab 50 kW.',
      'Keine Blockiergebühr in der ersten Stunde.',
      'Blockiergebühr (angeschlossen, ohne Laden): 0,15 € je Minute, 9,00 € je Stunde (ohne MwSt.), abgerechnet je angefangene 15 Minuten, nach 1 Stunde 30 Minuten, bei einem Ladestrom von 16 bis unter 32 A.',
      'Reservierungsgebühr: 2,00 € je Ladevorgang (2,38 € inkl. 19 % MwSt.).',
      'Keine Reservierungsgebühr, wenn die Reservierung ungenutzt verfällt.',
      'Mindestpreis je Ladevorgang: 1,50 € ohne MwSt.',
      'Höchstpreis je Ladevorgang: 60,00 € ohne MwSt., 71,40 € inkl. MwSt.',
      'Dieser Tarif gilt für Ladevorgänge mit Beginn ab 2024-06-01T00:00:00Z bis 2026-01-01T00:00:00Z (UTC).',
    ]);
  });

  it('reads a zero price as free, in the words of the brief', () => {
    const idle = tariffOf([
      { price_components: [{ type: 'ENERGY', price: 0.39, vat: 19, step_size: 1 }] },
      {
        price_components: [{ type: 'PARKING_TIME', price: 0, vat: 19, step_size: 60 }],
        restrictions: { max_duration: 7200 },
      },
      { price_components: [{ type: 'PARKING_TIME', price: 6, vat: 19, step_size: 60 }] },
      { price_components: [{ type: 'TIME', price: 0, vat: 19, step_size: 60 }] },
    ]);
    expect(linesIn(idle, 'en').slice(1)).toEqual([
      'No charge for charging time.',
      'No idle fee during the first 2 hours of the session.',
      'Idle fee (connected, not charging): €0.10 per minute, €6.00 per hour (€7.14 incl. 19% VAT per hour), billed per started minute, otherwise.',
    ]);
    expect(linesIn(idle, 'de').slice(1)).toEqual([
      'Keine Kosten für die Ladezeit.',
      'Keine Blockiergebühr in den ersten 2 Stunden.',
      'Blockiergebühr (angeschlossen, ohne Laden): 0,10 € je Minute, 6,00 € je Stunde (7,14 € inkl. 19 % MwSt. je Stunde), abgerechnet je angefangene Minute, sonst.',
    ]);
    const freeFallback = tariffOf([
      {
        price_components: [{ type: 'PARKING_TIME', price: 3, step_size: 60 }],
        restrictions: { start_time: '08:00', end_time: '18:00' },
      },
      { price_components: [{ type: 'PARKING_TIME', price: 0, step_size: 60 }] },
    ]);
    expect([linesIn(freeFallback, 'en')[1], linesIn(freeFallback, 'de')[1]]).toEqual([
      'No idle fee otherwise.',
      'Sonst keine Blockiergebühr.',
    ]);
  });

  it('takes German for regional tags and English for languages it does not write', () => {
    expect(linesIn(everyRestriction, 'de-AT')).toEqual(linesIn(everyRestriction, 'de'));
    expect(linesIn(everyRestriction, 'nl')).toEqual(linesIn(everyRestriction));
    expect(linesIn(everyRestriction, 'fr')[0]).toBe('Session fee: €1.00 per session (€1.20 incl. 20% VAT).');
  });

  it('formats other currencies per locale', () => {
    const chf = tariffOf([{ price_components: [{ type: 'ENERGY', price: 0.5, vat: 8.1, step_size: 1 }] }], {
      currency: 'CHF',
    });
    expect([linesIn(chf, 'en')[0], linesIn(chf, 'de')[0]]).toEqual([
      'Energy: CHF 0.50 per kWh (CHF 0.5405 incl. 8.1% VAT).',
      'Energie: 0,50 CHF je kWh (0,5405 CHF inkl. 8,1 % MwSt.).',
    ]);
  });
});
