// Realistic, reproducible inputs for the rating benchmark: a pool of tariffs (1 to 48 elements: flat
// energy prices, day/night and weekday windows, power bands, idle fees with grace periods, hourly
// dynamic prices per date) and full OCPI CDRs (location, token, 1 to 50 periods) as JSON text.
import type { Cdr, ChargingPeriod, Tariff, TariffElement } from '../src/tariff/types';

/** mulberry32: a small seeded PRNG so every run rates the same data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const hh = (hour: number) => `${String(hour % 24).padStart(2, '0')}:00`;
const money = (value: number) => Number(value.toFixed(4));

function component(
  type: 'ENERGY' | 'TIME' | 'PARKING_TIME' | 'FLAT',
  price: number,
  step = 1,
): TariffElement['price_components'][number] {
  return { type, price: money(price), vat: 19, step_size: step };
}

function tariff(id: string, elements: TariffElement[], extra: Partial<Tariff> = {}): Tariff {
  return {
    country_code: 'DE',
    party_id: 'CLG',
    id,
    currency: 'EUR',
    type: 'REGULAR',
    elements,
    last_updated: '2024-01-01T00:00:00Z',
    ...extra,
  };
}

/** The tariff pool: element counts 1, 3, 5, 6, 8 and 48. */
export function tariffPool(): Tariff[] {
  const hourly: TariffElement[] = [];
  for (const [date, next] of [
    ['2024-06-03', '2024-06-04'],
    ['2024-06-04', '2024-06-05'],
  ]) {
    for (let hour = 0; hour < 24; hour++) {
      hourly.push({
        price_components: [component('ENERGY', 0.22 + 0.01 * ((hour * 7) % 9))],
        restrictions: { start_time: hh(hour), end_time: hh(hour + 1), start_date: date, end_date: next },
      });
    }
  }
  hourly[47] = { price_components: [component('ENERGY', 0.29)] }; // fallback outside the two days
  return [
    tariff('SIMPLE', [{ price_components: [component('ENERGY', 0.39)] }]),
    tariff('START-IDLE', [
      { price_components: [component('FLAT', 0.35), component('ENERGY', 0.49)] },
      { price_components: [component('PARKING_TIME', 0, 60)], restrictions: { max_duration: 7200 } },
      { price_components: [component('PARKING_TIME', 6, 300)] },
    ]),
    tariff(
      'DAY-NIGHT',
      [
        { price_components: [component('FLAT', 0.5)] },
        {
          price_components: [component('ENERGY', 0.45)],
          restrictions: {
            start_time: '07:00',
            end_time: '22:00',
            day_of_week: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
          },
        },
        { price_components: [component('ENERGY', 0.32)] },
        { price_components: [component('TIME', 1.2, 60)], restrictions: { min_duration: 3600 } },
        {
          price_components: [component('PARKING_TIME', 9, 900)],
          restrictions: { start_time: '08:00', end_time: '20:00' },
        },
      ],
      { max_price: { excl_vat: 60, incl_vat: 71.4 } },
    ),
    tariff('POWER-BANDS', [
      { price_components: [component('ENERGY', 0.39)], restrictions: { max_power: 22 } },
      { price_components: [component('ENERGY', 0.49)], restrictions: { min_power: 22, max_power: 50 } },
      { price_components: [component('ENERGY', 0.59)], restrictions: { min_power: 50, max_power: 150 } },
      { price_components: [component('ENERGY', 0.69, 100)] },
      { price_components: [component('TIME', 0.6, 60)], restrictions: { max_power: 50 } },
      { price_components: [component('PARKING_TIME', 12, 60)], restrictions: { min_duration: 2700 } },
    ]),
    tariff(
      'COMPLEX',
      [
        { price_components: [component('FLAT', 2.5)] },
        { price_components: [component('TIME', 1, 900)], restrictions: { max_current: 32 } },
        {
          price_components: [component('TIME', 2, 600)],
          restrictions: {
            min_current: 32,
            day_of_week: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
          },
        },
        {
          price_components: [component('TIME', 1.25, 600)],
          restrictions: { min_current: 32, day_of_week: ['SATURDAY', 'SUNDAY'] },
        },
        { price_components: [component('ENERGY', 0.2)], restrictions: { max_kwh: 20 } },
        { price_components: [component('ENERGY', 0.3)] },
        {
          price_components: [component('PARKING_TIME', 5, 300)],
          restrictions: {
            start_time: '09:00',
            end_time: '18:00',
            day_of_week: ['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY'],
          },
        },
        {
          price_components: [component('PARKING_TIME', 6, 300)],
          restrictions: { start_time: '10:00', end_time: '17:00', day_of_week: ['SATURDAY'] },
        },
      ],
      { min_price: { excl_vat: 1, incl_vat: 1.19 } },
    ),
    tariff('HOURLY-48', hourly),
  ];
}

/** A full OCPI CDR with `periodCount` periods: charging (ENERGY, TIME, MAX_POWER, MAX_CURRENT), then idle. */
export function generateCdr(random: () => number, index: number, tariffId: string, periodCount: number): Cdr {
  const startMs = Date.parse('2024-06-03T05:00:00Z') + Math.floor(random() * 36 * 60) * 60_000;
  const idleFrom =
    periodCount > 2 ? periodCount - 1 - Math.floor(random() * Math.min(3, periodCount - 1)) : periodCount;
  const periods: ChargingPeriod[] = [];
  let at = startMs;
  for (let i = 0; i < periodCount; i++) {
    const minutes = 5 + Math.floor(random() * 40);
    const hours = Number((minutes / 60).toFixed(4));
    const powerKw = Number((3 + random() * 147).toFixed(2));
    periods.push({
      start_date_time: new Date(at).toISOString().replace('.000Z', 'Z'),
      dimensions:
        i >= idleFrom
          ? [{ type: 'PARKING_TIME', volume: hours }]
          : [
              { type: 'ENERGY', volume: Number(((powerKw * minutes) / 60).toFixed(3)) },
              { type: 'TIME', volume: hours },
              { type: 'MAX_POWER', volume: powerKw },
              { type: 'MAX_CURRENT', volume: Number(Math.min(500, (powerKw * 1000) / 690).toFixed(1)) },
            ],
      tariff_id: tariffId,
    });
    at += minutes * 60_000;
  }
  const iso = (ms: number) => new Date(ms).toISOString().replace('.000Z', 'Z');
  return {
    country_code: 'DE',
    party_id: 'CLG',
    id: `CDR-BENCH-${index}`,
    start_date_time: iso(startMs),
    end_date_time: iso(at),
    session_id: `session-CP-${index % 997}-${index}`,
    cdr_token: {
      country_code: 'DE',
      party_id: 'EMP',
      uid: `04A2C3D2${String(index).padStart(6, '0')}`,
      type: 'RFID',
      contract_id: `DE-EMP-C${String(index).padStart(8, '0')}-4`,
    },
    auth_method: 'AUTH_REQUEST',
    cdr_location: {
      id: `LOC-${index % 97}`,
      name: 'Berlin Mitte, Torstraße',
      address: 'Torstraße 120',
      city: 'Berlin',
      postal_code: '10119',
      country: 'DEU',
      coordinates: { latitude: '52.529407', longitude: '13.401078' },
      evse_uid: `CP-${index % 997}-1`,
      evse_id: `DE*CLG*E${index % 997}*1`,
      connector_id: '1',
      connector_standard: 'IEC_62196_T2_COMBO',
      connector_format: 'CABLE',
      connector_power_type: 'DC',
    },
    meter_id: 'EMH-eHZ-1234567',
    currency: 'EUR',
    tariffs: [],
    charging_periods: periods,
    last_updated: iso(at + 5000),
  };
}
