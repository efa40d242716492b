// The pure billing pipeline across areas: the tariff's split plan (src/tariff/boundaries.ts) → charging
// periods → CDR → rating (src/tariff) → priced CDR, checked against costs computed by hand.
import { buildCdr } from '../../src/cdr/cdr';
import { buildChargingPeriods } from '../../src/cdr/chargingPeriods';
import { pricedCdr, rateCdr, splitPlanFor, validateCdr } from '../../src/tariff';
import type { Tariff } from '../../src/tariff/types';
import { LOCATION, TOKEN } from './cdrFixtures';

// 0.40 EUR/kWh from 06:00 to 18:00 local, 0.50 EUR/kWh otherwise; parking 6 EUR/h billed per started minute.
const TARIFF: Tariff = {
  country_code: 'DE',
  party_id: 'ABC',
  id: 'DAY-EVENING',
  currency: 'EUR',
  elements: [
    {
      price_components: [{ type: 'ENERGY', price: 0.4, step_size: 1 }],
      restrictions: { start_time: '06:00', end_time: '18:00' },
    },
    { price_components: [{ type: 'ENERGY', price: 0.5, step_size: 1 }] },
    { price_components: [{ type: 'PARKING_TIME', price: 6, step_size: 60 }] },
  ],
  last_updated: '2025-01-01T00:00:00Z',
};

test('a Berlin evening session is split at 18:00 local by the real split plan and priced to the cent', () => {
  // 16:30–19:00 local (CET) = 15:30Z–18:00Z. 11 kW until the EV suspends at 17:20Z (18:20 local): the
  // 17:30Z sample shows 916 Wh since 17:15Z, delivered in those 5 minutes. Then 40 minutes idle.
  const registers = ['2750', '5500', '8250', '11000', '13750', '16500', '19250', '20166', '20166'];
  const samples = registers.map((energyWh, i) => ({
    timestamp: new Date(Date.parse('2025-01-15T15:45:00Z') + i * 900_000).toISOString(),
    energyWh,
  }));
  const charging = buildChargingPeriods({
    sessionStart: '2025-01-15T15:30:00Z',
    sessionStop: '2025-01-15T18:00:00Z',
    meterStartWh: '0',
    meterStopWh: '20166',
    samples,
    statusChanges: [
      { timestamp: '2025-01-15T15:30:00Z', state: 'Charging' },
      { timestamp: '2025-01-15T17:20:00Z', state: 'SuspendedEV' },
    ],
    splitPlan: splitPlanFor(TARIFF, 'Europe/Berlin'),
  });
  expect(charging.periods.map((p) => p.start_date_time)).toEqual([
    '2025-01-15T15:30:00Z',
    '2025-01-15T17:00:00Z',
    '2025-01-15T17:20:00Z',
  ]);
  const cdr = buildCdr({
    owner: { countryCode: 'DE', partyId: 'ABC' },
    cdrId: 'CDR-1',
    token: TOKEN,
    authMethod: 'WHITELIST',
    location: LOCATION,
    currency: 'EUR',
    tariff: TARIFF,
    charging,
    lastUpdated: '2025-01-15T18:00:05Z',
  });

  const rating = rateCdr(cdr, { timeZone: 'Europe/Berlin' });
  // Energy: 16.5 kWh × 0.40 (before 18:00) + 3.666 kWh × 0.50 = 6.60 + 1.833. Parking: 40 minutes
  // exactly (reported as 0.6666 h, 2399.76 s, rounded up to the minute: 2400 s) × 6 EUR/h = 4.00.
  expect(rating.totals.total_energy_cost.excl_vat.toString()).toBe('8.433');
  expect(rating.totals.total_parking_cost.excl_vat.toString()).toBe('4');
  expect(rating.totals.total_cost.excl_vat.toString()).toBe('12.433');
  expect(rating.warnings).toEqual([]);

  const priced = pricedCdr(cdr, rating);
  expect(validateCdr(priced).filter((issue) => issue.severity === 'error')).toEqual([]);
  expect(priced.total_energy).toBe(20.166);
  expect(priced.total_parking_time).toBe(0.6666);
});
