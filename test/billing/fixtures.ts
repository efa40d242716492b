// Invoicing fixtures: an issuer, three customers (German fleet on contract, German driver paying by
// card, Dutch business with reverse charge), a Berlin AC tariff, and rated CDRs made by the real rating
// engine (rateCdr + pricedCdr), stored with storeCdr the way the charge lifecycle stores them.
import type { Knex } from 'knex';
import {
  invoiceDraftForSessions,
  type SessionsDraftInput,
  type UnnumberedInvoiceDraft,
} from '../../src/billing';
import {
  requireCustomer,
  requireIssuer,
  storeCdr,
  upsertCustomer,
  upsertIssuer,
  upsertToken,
  type CdrRecord,
} from '../../src/db';
import type { CustomerInput } from '../../src/db/repos/customers';
import type { IssuerInput } from '../../src/db/repos/issuers';
import { pricedCdr, type PricedCdr } from '../../src/tariff/engine/pricedCdr';
import { rateCdr } from '../../src/tariff/engine/rateCdr';
import type { Cdr, Tariff } from '../../src/tariff/types';

export const ZONE = 'Europe/Berlin';

export const issuerInput: IssuerInput = {
  id: 'voltwerk',
  name: 'Voltwerk Ladenetz GmbH',
  addressLines: ['Ladestraße 12'],
  postalCode: '80331',
  city: 'München',
  country: 'DE',
  vatId: 'DE811907980',
  taxRegistration: '143/123/45678',
  legalRegistration: 'HRB 245678, Amtsgericht München',
  email: 'billing@voltwerk.example',
  iban: 'DE02 1203 0000 0000 2020 51',
  bic: 'BYLADEM1001',
  bankName: 'Deutsche Kreditbank',
  legalInfo: ['Geschäftsführer: Anna Beispiel'],
  language: 'de',
  timeZone: ZONE,
  currency: 'EUR',
};

export const fleet: CustomerInput = {
  id: 'C-10042',
  issuerId: 'voltwerk',
  kind: 'business',
  name: 'Flottenservice Nord AG',
  addressLines: ['Hafenweg 3'],
  postalCode: '20457',
  city: 'Hamburg',
  country: 'DE',
  vatId: 'DE129273398',
  email: 'ap@flotte-nord.example',
  language: 'de',
  timeZone: ZONE,
  currency: 'EUR',
  billingMode: 'contract',
  datevAccount: '10042',
};

export const driver: CustomerInput = {
  id: 'C-20001',
  issuerId: 'voltwerk',
  kind: 'consumer',
  name: 'Erika Mustermann',
  addressLines: ['Heidestraße 17'],
  postalCode: '51147',
  city: 'Köln',
  country: 'DE',
  email: 'erika@example.org',
  language: 'en',
  timeZone: ZONE,
  currency: 'EUR',
  paymentMethod: 'card',
  stripeCustomerId: 'cus_Erika',
  stripePaymentMethodId: 'pm_card_visa',
  billingMode: 'contract',
};

export const dutchFleet: CustomerInput = {
  id: 'C-30007',
  issuerId: 'voltwerk',
  kind: 'business',
  name: 'Laadpunt Logistiek B.V.',
  addressLines: ['Kade 17'],
  postalCode: '1013 AA',
  city: 'Amsterdam',
  country: 'NL',
  vatId: 'NL859048255B01',
  email: 'finance@laadpunt.example',
  language: 'en',
  timeZone: 'Europe/Amsterdam',
  currency: 'EUR',
  billingMode: 'contract',
  vatTreatment: 'reverse_charge',
};

export const CUSTOMERS = [fleet, driver, dutchFleet];

export const tokenUidOf = (customerId: string) => `TOKEN-${customerId}`;

/** Berlin AC: 0.50 session fee, 0.49/kWh 07–22 h else 0.39/kWh, 0.60/h charging, 6.00/h idle (per 5 min). */
export const tariff: Tariff = {
  country_code: 'DE',
  party_id: 'VWK',
  id: 'BER-AC-2026',
  currency: 'EUR',
  type: 'REGULAR',
  elements: [
    { price_components: [{ type: 'FLAT', price: 0.5, vat: 19, step_size: 1 }] },
    {
      price_components: [{ type: 'ENERGY', price: 0.49, vat: 19, step_size: 1 }],
      restrictions: { start_time: '07:00', end_time: '22:00' },
    },
    { price_components: [{ type: 'ENERGY', price: 0.39, vat: 19, step_size: 1 }] },
    { price_components: [{ type: 'TIME', price: 0.6, vat: 19, step_size: 60 }] },
    { price_components: [{ type: 'PARKING_TIME', price: 6, vat: 19, step_size: 300 }] },
  ],
  last_updated: '2026-01-01T00:00:00Z',
};

export interface SessionShape {
  id: string;
  tokenUid: string;
  /** ISO instant (UTC). */
  start: string;
  energyKwh: number;
  chargingSeconds: number;
  parkingSeconds: number;
  tariffs?: Tariff[];
  signedData?: Cdr['signed_data'];
  /** Periods as given instead of one charging and one idle period (end = start + charging + parking). */
  periods?: Cdr['charging_periods'];
}

const plusSeconds = (iso: string, seconds: number) =>
  new Date(Date.parse(iso) + seconds * 1000).toISOString();

/** An OCPI CDR for the session, rated by the real engine in Berlin time. */
export function ratedCdr(shape: SessionShape): PricedCdr {
  const chargingEnd = plusSeconds(shape.start, shape.chargingSeconds);
  const end = plusSeconds(chargingEnd, shape.parkingSeconds);
  const periods: Cdr['charging_periods'] = shape.periods ?? [
    {
      start_date_time: shape.start,
      dimensions: [
        { type: 'ENERGY', volume: shape.energyKwh },
        { type: 'TIME', volume: shape.chargingSeconds / 3600 },
      ],
    },
  ];
  if (!shape.periods && shape.parkingSeconds > 0) {
    periods.push({
      start_date_time: chargingEnd,
      dimensions: [{ type: 'PARKING_TIME', volume: shape.parkingSeconds / 3600 }],
    });
  }
  const cdr: Cdr = {
    country_code: 'DE',
    party_id: 'VWK',
    id: shape.id,
    start_date_time: shape.start,
    end_date_time: end,
    session_id: `S-${shape.id}`,
    cdr_token: {
      country_code: 'DE',
      party_id: 'VWK',
      uid: shape.tokenUid,
      type: 'RFID',
      contract_id: `DE-VWK-${shape.tokenUid}`,
    },
    auth_method: 'WHITELIST',
    cdr_location: {
      id: 'LOC-BER-1',
      name: 'Kantstraße Parking',
      address: 'Kantstraße 10',
      city: 'Berlin',
      postal_code: '10623',
      country: 'DEU',
      coordinates: { latitude: '52.506210', longitude: '13.321530' },
      evse_uid: 'BER1-E1',
      evse_id: 'DE*VWK*E0001*1',
      connector_id: '1',
      connector_standard: 'IEC_62196_T2',
      connector_format: 'SOCKET',
      connector_power_type: 'AC_3_PHASE',
    },
    currency: 'EUR',
    charging_periods: periods,
    ...(shape.signedData && { signed_data: shape.signedData }),
    last_updated: end,
  };
  return pricedCdr(cdr, rateCdr(cdr, { tariffs: shape.tariffs ?? [tariff], timeZone: ZONE }));
}

/** The record getCdr would return, without a database (breakdown as stored: decimal strings). */
export function recordOf(priced: PricedCdr): CdrRecord {
  const stored = JSON.parse(JSON.stringify(priced)) as PricedCdr;
  const price = (p: { excl_vat: number; incl_vat?: number }) => ({
    exclVat: String(p.excl_vat),
    inclVat: p.incl_vat === undefined ? null : String(p.incl_vat),
  });
  return {
    id: stored.id,
    sessionId: null,
    countryCode: stored.country_code,
    partyId: stored.party_id,
    currency: stored.currency,
    startDateTime: new Date(stored.start_date_time).toISOString(),
    endDateTime: new Date(stored.end_date_time).toISOString(),
    totals: {
      cost: price(stored.total_cost),
      fixedCost: price(stored.total_fixed_cost),
      energyCost: price(stored.total_energy_cost),
      timeCost: price(stored.total_time_cost),
      parkingCost: price(stored.total_parking_cost),
      reservationCost: price(stored.total_reservation_cost),
      energy: String(stored.total_energy),
      time: String(stored.total_time),
      parkingTime: String(stored.total_parking_time),
    },
    tariffId: null,
    tariffVersion: null,
    cdr: stored,
    breakdown: stored.chargeledger_breakdown,
    credit: false,
    creditReferenceId: null,
    createdAt: stored.last_updated,
    lastUpdated: stored.last_updated,
  };
}

/** Deterministic pseudo-random numbers (mulberry32), so a "month" is the same on every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `count` sessions of a customer spread over March 2026 (Berlin), each a different shape. */
export function monthOfSessions(customerId: string, count: number, seed: number): SessionShape[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, (_, i) => {
    const day = 1 + Math.floor(random() * 31);
    const minuteOfDay = Math.floor(random() * 24 * 60);
    const start = new Date(Date.UTC(2026, 2, day, 0, minuteOfDay) - 3600_000).toISOString();
    return {
      id: `CDR-${customerId}-${String(i + 1).padStart(3, '0')}`,
      tokenUid: tokenUidOf(customerId),
      start,
      energyKwh: Math.round(random() * 60_000) / 1000,
      chargingSeconds: 600 + Math.floor(random() * 4 * 3600),
      parkingSeconds: random() < 0.4 ? Math.floor(random() * 3 * 3600) : 0,
    };
  });
}

/** Issuer, customers and their tokens. */
export async function seedParties(db: Knex): Promise<void> {
  await upsertIssuer(db, issuerInput);
  for (const customer of CUSTOMERS) {
    await upsertCustomer(db, customer);
    await upsertToken(db, {
      uid: tokenUidOf(customer.id),
      countryCode: 'DE',
      partyId: 'VWK',
      type: 'RFID',
      contractId: `DE-VWK-${tokenUidOf(customer.id)}`,
      customerId: customer.id,
    });
  }
}

/** Rates and stores the sessions; returns the stored records. */
export async function storeSessions(db: Knex, shapes: readonly SessionShape[]): Promise<CdrRecord[]> {
  const records: CdrRecord[] = [];
  for (const shape of shapes) {
    const priced = ratedCdr(shape);
    records.push((await storeCdr(db, { cdr: priced, breakdown: priced.chargeledger_breakdown })).record);
  }
  return records;
}

/** The customer's draft for `cdrs`, issued 1 April 2026 unless `extra` says otherwise. */
export async function draftFor(
  db: Knex,
  customerId: string,
  cdrs: CdrRecord[],
  extra: Partial<SessionsDraftInput> = {},
): Promise<UnnumberedInvoiceDraft> {
  const customer = await requireCustomer(db, customerId);
  const issuer = await requireIssuer(db, customer.issuerId);
  return invoiceDraftForSessions({ issuer, customer, cdrs, issueDate: '2026-04-01', ...extra });
}
