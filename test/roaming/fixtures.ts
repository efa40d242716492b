// A roaming scenario with numbers worked out by hand: a driver of eMSP NL-EMP charges at CPO DE-CLG in
// Berlin. The CPO rates the session with the wholesale tariff agreed with NL-EMP; the eMSP re-rates it
// with the driver's retail tariff.
//
// Session 2025-03-10 09:00–10:30 UTC: charging 09:00–10:15 (22.5 kWh, 1.25 h), parking 10:15–10:30.
//   wholesale (DE-CLG-WS-EMP): 0.35 €/kWh + 1.20 €/h charging, VAT 19 %
//     excl = 22.5 × 0.35 + 1.25 × 1.20 = 7.875 + 1.5 = 9.375;  incl = 9.375 × 1.19 = 11.15625 → 11.1563 (OCPI, 4 dp)
//   retail (NL-EMP-FLEX): 0.49 €/kWh + 6.00 €/h parking + 0.50 € per session, VAT 21 %
//     excl = 22.5 × 0.49 + 0.25 × 6.00 + 0.50 = 11.025 + 1.5 + 0.5 = 13.025;  incl = 13.025 × 1.21 = 15.76025
import type { OurParty, Token } from '../../src/ocpi';
import type { Cdr, CdrLocation, Tariff } from '../../src/tariff/types';
import { charger } from '../db/fixtures';
import type { TokenInput } from '../../src/db/repos/tokens';

export const CPO_PARTY: OurParty = {
  role: 'CPO',
  countryCode: 'DE',
  partyId: 'CLG',
  name: 'Chargeledger Charging',
};
export const EMSP_PARTY: OurParty = {
  role: 'EMSP',
  countryCode: 'NL',
  partyId: 'EMP',
  name: 'Example Mobility',
};

export const WHOLESALE_TARIFF: Tariff = {
  country_code: 'DE',
  party_id: 'CLG',
  id: 'DE-CLG-WS-EMP',
  currency: 'EUR',
  elements: [
    {
      price_components: [
        { type: 'ENERGY', price: 0.35, vat: 19, step_size: 1 },
        { type: 'TIME', price: 1.2, vat: 19, step_size: 60 },
      ],
    },
  ],
  last_updated: '2025-01-01T00:00:00Z',
};

export const RETAIL_TARIFF: Tariff = {
  country_code: 'NL',
  party_id: 'EMP',
  id: 'NL-EMP-FLEX',
  currency: 'EUR',
  elements: [
    {
      price_components: [
        { type: 'ENERGY', price: 0.49, vat: 21, step_size: 1 },
        { type: 'PARKING_TIME', price: 6, vat: 21, step_size: 60 },
        { type: 'FLAT', price: 0.5, vat: 21, step_size: 1 },
      ],
    },
  ],
  last_updated: '2025-01-01T00:00:00Z',
};

/** The driver's token as the eMSP issued it (its own tokens table). */
export const DRIVER_TOKEN: TokenInput = {
  uid: '04E1D2C3B4A596',
  countryCode: 'NL',
  partyId: 'EMP',
  type: 'RFID',
  contractId: 'NL-EMP-C00012345-K',
  issuer: 'Example Mobility',
  whitelist: 'ALLOWED',
  tariffId: 'NL-EMP-FLEX',
  customerId: 'cust-0042',
  lastUpdated: '2025-01-01T00:00:00Z',
};

/** Connector 1 of the Berlin charger of the database fixtures, as an OCPI CdrLocation. */
function berlinLocation(): CdrLocation {
  const { location } = charger;
  const connector = charger.connectors![0];
  return {
    id: location!.id,
    name: location!.name,
    address: location!.address!,
    city: location!.city!,
    postal_code: location!.postalCode,
    country: location!.country!,
    coordinates: { latitude: location!.latitude!, longitude: location!.longitude! },
    evse_uid: connector.evseUid!,
    evse_id: connector.evseId!,
    connector_id: String(connector.connectorId),
    connector_standard: connector.standard!,
    connector_format: connector.format!,
    connector_power_type: connector.powerType!,
  };
}

/** The unpriced CDR the CPO's session produced (src/cdr shape), before wholesale rating. */
export function sessionCdr(overrides: Partial<Cdr> = {}): Cdr {
  return {
    country_code: 'DE',
    party_id: 'CLG',
    id: 'CDR-2025-0001',
    start_date_time: '2025-03-10T09:00:00Z',
    end_date_time: '2025-03-10T10:30:00Z',
    session_id: 'SES-2025-0001',
    cdr_token: {
      country_code: 'NL',
      party_id: 'EMP',
      uid: DRIVER_TOKEN.uid,
      type: 'RFID',
      contract_id: DRIVER_TOKEN.contractId,
    },
    auth_method: 'WHITELIST',
    cdr_location: berlinLocation(),
    currency: 'EUR',
    charging_periods: [
      {
        start_date_time: '2025-03-10T09:00:00Z',
        dimensions: [
          { type: 'ENERGY', volume: 22.5 },
          { type: 'TIME', volume: 1.25 },
        ],
      },
      { start_date_time: '2025-03-10T10:15:00Z', dimensions: [{ type: 'PARKING_TIME', volume: 0.25 }] },
    ],
    last_updated: '2025-03-10T10:31:00Z',
    ...overrides,
  };
}

/** An OCPI Token of eMSP NL-EMP, as it pushes it to CPOs. */
export function partnerToken(uid: string, overrides: Partial<Token> = {}): Token {
  return {
    country_code: 'NL',
    party_id: 'EMP',
    uid,
    type: 'RFID',
    contract_id: `NL-EMP-C-${uid}`,
    issuer: 'Example Mobility',
    valid: true,
    whitelist: 'ALWAYS',
    last_updated: '2025-03-01T08:00:00Z',
    ...overrides,
  };
}
