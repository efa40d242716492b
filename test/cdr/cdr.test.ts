import { buildCdr, type BuildCdrInput } from '../../src/cdr/cdr';
import { buildChargingPeriods } from '../../src/cdr/chargingPeriods';
import { parseOcmf } from '../../src/cdr/ocmf';
import { ocmfSignedData, signedStartStop } from '../../src/cdr/ocmfSignedData';
import type { Tariff } from '../../src/tariff/types';
import { LOCATION, TOKEN } from './cdrFixtures';
import { fixedSplitPlan } from './splitPlanFixture';

const TARIFF: Tariff = {
  country_code: 'DE',
  party_id: 'ABC',
  id: 'EVENING-2025',
  currency: 'EUR',
  elements: [
    {
      price_components: [{ type: 'ENERGY', price: 0.49, vat: 19, step_size: 1 }],
      restrictions: { end_time: '18:00' },
    },
    { price_components: [{ type: 'ENERGY', price: 0.59, vat: 19, step_size: 1 }] },
    { price_components: [{ type: 'PARKING_TIME', price: 6, vat: 19, step_size: 60 }] },
  ],
  last_updated: '2025-01-01T00:00:00Z',
};

const OCMF_START =
  'OCMF|{"FV":"1.0","PG":"T32","MS":"BQ27400330016","IS":true,"IT":"ISO14443","ID":"1F2D3A4F5506C7","RD":[{"TM":"2025-01-15T16:30:00,000+0100 S","TX":"B","RV":1000.000,"RI":"1-b:1.8.0","RU":"kWh","ST":"G"}]}|{"SD":"3045"}';
const OCMF_STOP =
  'OCMF|{"FV":"1.0","PG":"T33","MS":"BQ27400330016","IS":true,"IT":"ISO14443","ID":"1F2D3A4F5506C7","RD":[{"TM":"2025-01-15T18:30:00,000+0100 S","TX":"E","RV":1012.833,"RI":"1-b:1.8.0","RU":"kWh","ST":"G"}]}|{"SD":"3046"}';

function input(): BuildCdrInput {
  const records = [parseOcmf(OCMF_START), parseOcmf(OCMF_STOP)];
  return {
    owner: { countryCode: 'de', partyId: 'abc' },
    cdrId: 'CDR-2025-000042',
    sessionId: 'SES-7781',
    token: TOKEN,
    authMethod: 'AUTH_REQUEST',
    authorizationReference: 'AUTH-REF-1',
    location: LOCATION,
    meterId: signedStartStop(records).meterSerial,
    currency: 'EUR',
    tariff: TARIFF,
    charging: buildChargingPeriods({
      sessionStart: '2025-01-15T15:30:00Z',
      sessionStop: '2025-01-15T17:30:00Z',
      meterStartWh: '1000000',
      meterStopWh: '1012833',
      samples: [{ timestamp: '2025-01-15T16:30:00Z', energyWh: '1011000' }],
      statusChanges: [
        { timestamp: '2025-01-15T15:30:00Z', state: 'Charging' },
        { timestamp: '2025-01-15T16:40:00Z', state: 'SuspendedEV' },
      ],
      splitPlan: fixedSplitPlan({ instants: ['2025-01-15T17:00:00Z'] }),
    }),
    signedData: ocmfSignedData(records),
    lastUpdated: '2025-01-15T17:30:04.512Z',
  };
}

describe('buildCdr', () => {
  test('assembles the unpriced OCPI 2.2.1 CDR with every required field', () => {
    expect(buildCdr(input())).toEqual({
      country_code: 'DE',
      party_id: 'ABC',
      id: 'CDR-2025-000042',
      start_date_time: '2025-01-15T15:30:00Z',
      end_date_time: '2025-01-15T17:30:00Z',
      session_id: 'SES-7781',
      cdr_token: TOKEN,
      auth_method: 'AUTH_REQUEST',
      authorization_reference: 'AUTH-REF-1',
      cdr_location: LOCATION,
      meter_id: 'BQ27400330016',
      currency: 'EUR',
      tariffs: [TARIFF],
      charging_periods: [
        {
          start_date_time: '2025-01-15T15:30:00Z',
          // 11000 Wh until 16:30Z at 11 kW, then 1833 Wh in the 10 minutes until the EV suspends.
          dimensions: [
            { type: 'ENERGY', volume: 12.833 },
            { type: 'TIME', volume: 1.1666 },
            { type: 'MAX_POWER', volume: 11 },
            { type: 'MIN_POWER', volume: 10.998 },
          ],
          tariff_id: 'EVENING-2025',
        },
        {
          start_date_time: '2025-01-15T16:40:00Z',
          dimensions: [
            { type: 'ENERGY', volume: 0 },
            { type: 'PARKING_TIME', volume: 0.3333 },
            { type: 'MAX_POWER', volume: 0 },
            { type: 'MIN_POWER', volume: 0 },
          ],
          tariff_id: 'EVENING-2025',
        },
        {
          start_date_time: '2025-01-15T17:00:00Z',
          dimensions: [
            { type: 'ENERGY', volume: 0 },
            { type: 'PARKING_TIME', volume: 0.5 },
            { type: 'MAX_POWER', volume: 0 },
            { type: 'MIN_POWER', volume: 0 },
          ],
          tariff_id: 'EVENING-2025',
        },
      ],
      signed_data: {
        encoding_method: 'OCMF',
        signed_values: [
          { nature: 'Start', plain_data: OCMF_START.split('|')[1], signed_data: OCMF_START },
          { nature: 'End', plain_data: OCMF_STOP.split('|')[1], signed_data: OCMF_STOP },
        ],
      },
      total_energy: 12.833,
      // 70 min charging (1.1666 h) + 50 min parking (0.8333 h), each truncated: see src/cdr/volumes.ts.
      total_time: 1.9999,
      total_parking_time: 0.8333,
      last_updated: '2025-01-15T17:30:04Z',
    });
  });

  test('the signed meter values agree with the billed energy', () => {
    const cdr = buildCdr(input());
    const signed = signedStartStop(cdr.signed_data!.signed_values.map((v) => parseOcmf(v.signed_data)));
    expect(signed.energyWh).toBe('12833');
    expect(cdr.total_energy).toBe(12.833);
  });

  test('without a tariff there are no tariffs and no tariff ids; optional fields stay absent', () => {
    const {
      tariff: _tariff,
      sessionId: _s,
      authorizationReference: _a,
      meterId: _m,
      signedData: _d,
      ...rest
    } = input();
    const cdr = buildCdr(rest);
    expect(cdr.tariffs).toEqual([]);
    expect(cdr.charging_periods.every((p) => p.tariff_id === undefined)).toBe(true);
    for (const key of [
      'session_id',
      'authorization_reference',
      'meter_id',
      'signed_data',
      'remark',
      'total_cost',
    ]) {
      expect(cdr).not.toHaveProperty(key);
    }
  });

  test('bad input is an error naming the field', () => {
    const cases: [Partial<BuildCdrInput>, RegExp][] = [
      [{ owner: { countryCode: 'DEU', partyId: 'ABC' } }, /owner\.countryCode must be 2 letters/],
      [
        { owner: { countryCode: 'DE', partyId: 'AB' } },
        /owner\.partyId must be 3 letters or digits, got "AB"/,
      ],
      [{ cdrId: 'x'.repeat(37) }, /cdrId must be 1–36 printable ASCII characters/],
      [{ currency: 'EURO' }, /currency must be an ISO 4217 currency code/],
      [{ currency: 'CHF' }, /tariff\.currency must be the CDR currency CHF, got "EUR"/],
      [{ token: { ...TOKEN, uid: '' } }, /token\.uid must not be empty/],
      [{ lastUpdated: 'soon' }, /lastUpdated: expected an ISO 8601 instant/],
    ];
    for (const [change, message] of cases) expect(() => buildCdr({ ...input(), ...change })).toThrow(message);
  });
});
