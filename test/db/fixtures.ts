// Realistic records for the database tests: a Berlin charger, a time-of-day tariff, a token, a session.
import type { Cdr, Tariff } from '../../src/tariff/types';
import type { ChargerRegistration } from '../../src/db/repos/chargers';
import type { SessionUpsert } from '../../src/db/repos/sessions';
import type { TokenInput } from '../../src/db/repos/tokens';

export const charger: ChargerRegistration = {
  chargePointId: 'CP-BER-001',
  ocppVersion: '1.6',
  password: 'correct horse battery staple',
  timeZone: 'Europe/Berlin',
  cpo: { countryCode: 'DE', partyId: 'CLG' },
  location: {
    id: 'LOC-BER-1',
    name: 'Kantstraße Parking',
    address: 'Kantstraße 10',
    city: 'Berlin',
    postalCode: '10623',
    country: 'DEU',
    latitude: '52.506210',
    longitude: '13.321530',
  },
  connectors: [
    {
      connectorId: 1,
      evseUid: 'BER1-E1',
      evseId: 'DE*CLG*E0001*1',
      standard: 'IEC_62196_T2',
      format: 'SOCKET',
      powerType: 'AC_3_PHASE',
      maxPowerW: '22000',
    },
    {
      connectorId: 2,
      evseUid: 'BER1-E2',
      evseId: 'DE*CLG*E0001*2',
      standard: 'IEC_62196_T2',
      format: 'SOCKET',
      powerType: 'AC_3_PHASE',
      maxPowerW: '22000',
    },
  ],
};

export function tariff(overrides: Partial<Tariff> = {}): Tariff {
  return {
    country_code: 'DE',
    party_id: 'CLG',
    id: 'DE-CLG-T1',
    currency: 'EUR',
    type: 'REGULAR',
    elements: [
      {
        price_components: [{ type: 'ENERGY', price: 0.39, vat: 19, step_size: 1 }],
        restrictions: { start_time: '07:00', end_time: '22:00' },
      },
      { price_components: [{ type: 'ENERGY', price: 0.29, vat: 19, step_size: 1 }] },
      { price_components: [{ type: 'FLAT', price: 0.5, vat: 19, step_size: 1 }] },
    ],
    last_updated: '2025-01-01T00:00:00Z',
    ...overrides,
  };
}

export const token: TokenInput = {
  uid: '04A1B2C3D4E5F6',
  countryCode: 'DE',
  partyId: 'CLG',
  type: 'RFID',
  contractId: 'DE-CLG-C12345678-X',
  visualNumber: 'CLG 1234 5678',
  whitelist: 'ALLOWED',
  tariffId: 'DE-CLG-T1',
  lastUpdated: '2025-01-01T00:00:00Z',
};

export function session(overrides: Partial<SessionUpsert> = {}): SessionUpsert {
  return {
    chargePointId: 'CP-BER-001',
    connectorId: 1,
    transactionId: '42',
    idTag: '04A1B2C3D4E5F6',
    tokenUid: '04A1B2C3D4E5F6',
    authStatus: 'Accepted',
    contractId: 'DE-CLG-C12345678-X',
    timeZone: 'Europe/Berlin',
    meterStartWh: '1234567.8',
    startedAt: '2025-03-10T17:15:00Z',
    ...overrides,
  };
}

export function cdr(overrides: Partial<Cdr> = {}): Cdr {
  return {
    country_code: 'DE',
    party_id: 'CLG',
    id: 'CDR-CP-BER-001-42',
    start_date_time: '2025-03-10T17:15:00Z',
    end_date_time: '2025-03-10T19:15:00Z',
    session_id: 'session-CP-BER-001-42',
    cdr_token: {
      country_code: 'DE',
      party_id: 'CLG',
      uid: '04A1B2C3D4E5F6',
      type: 'RFID',
      contract_id: 'DE-CLG-C12345678-X',
    },
    auth_method: 'WHITELIST',
    cdr_location: {
      id: 'LOC-BER-1',
      address: 'Kantstraße 10',
      city: 'Berlin',
      country: 'DEU',
      coordinates: { latitude: '52.506210', longitude: '13.321530' },
      evse_uid: 'BER1-E1',
      evse_id: 'DE*CLG*E0001*1',
      connector_id: '1',
      connector_standard: 'IEC_62196_T2',
      connector_format: 'SOCKET',
      connector_power_type: 'AC_3_PHASE',
    },
    currency: 'EUR',
    charging_periods: [
      { start_date_time: '2025-03-10T17:15:00Z', dimensions: [{ type: 'ENERGY', volume: 21.4567 }] },
    ],
    total_cost: { excl_vat: 7.4225, incl_vat: 8.8328 },
    total_energy: 21.4567,
    total_energy_cost: { excl_vat: 6.9225, incl_vat: 8.2378 },
    total_fixed_cost: { excl_vat: 0.5, incl_vat: 0.595 },
    total_time: 2,
    total_parking_time: 0,
    last_updated: '2025-03-10T19:16:00Z',
    ...overrides,
  };
}
