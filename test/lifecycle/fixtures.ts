// A site in Berlin with a time-of-day tariff, a registered charger and a contract token: what the
// lifecycle tests charge against. Expected figures are worked out by hand in the tests.
import type { Knex } from 'knex';
import { putTariffVersion, registerCharger, upsertToken } from '../../src/db';
import { setConnectorTariffIds } from '../../src/db/repos/sessionIngest';
import type { OcppVersion } from '../../src/db';
import type { Tariff } from '../../src/tariff/types';

export const CHARGER_PASSWORD = 'correct horse battery staple';
export const TOKEN_UID = 'DEADBEEF01';

/** 0.30 €/kWh 06:00–18:00 local, 0.45 €/kWh otherwise, 0.50 € per session, idle 6.00 €/h per started minute; VAT 19 %. */
export const TIME_OF_DAY_TARIFF: Tariff = {
  country_code: 'DE',
  party_id: 'CLG',
  id: 'TOD-1',
  currency: 'EUR',
  type: 'REGULAR',
  elements: [
    { price_components: [{ type: 'FLAT', price: 0.5, vat: 19, step_size: 1 }] },
    {
      price_components: [{ type: 'ENERGY', price: 0.3, vat: 19, step_size: 1 }],
      restrictions: { start_time: '06:00', end_time: '18:00' },
    },
    { price_components: [{ type: 'ENERGY', price: 0.45, vat: 19, step_size: 1 }] },
    { price_components: [{ type: 'PARKING_TIME', price: 6, vat: 19, step_size: 60 }] },
  ],
  last_updated: '2026-01-01T00:00:00Z',
};

export async function seedBerlinSite(
  db: Knex,
  chargePointId: string,
  ocppVersion: OcppVersion,
): Promise<void> {
  await putTariffVersion(db, TIME_OF_DAY_TARIFF);
  await registerCharger(db, {
    chargePointId,
    ocppVersion,
    password: CHARGER_PASSWORD,
    timeZone: 'Europe/Berlin',
    cpo: { countryCode: 'DE', partyId: 'CLG' },
    location: {
      id: 'LOC-BER-1',
      name: 'Kantstraße Parkhaus',
      address: 'Kantstraße 1',
      city: 'Berlin',
      postalCode: '10623',
      country: 'DEU',
      latitude: '52.505500',
      longitude: '13.320300',
    },
    connectors: [
      {
        connectorId: 1,
        evseUid: `${chargePointId}-1`,
        evseId: `DE*CLG*E${chargePointId}*1`,
        standard: 'IEC_62196_T2',
        format: 'SOCKET',
        powerType: 'AC_3_PHASE',
        maxPowerW: '22000',
      },
    ],
  });
  await setConnectorTariffIds(db, chargePointId, [TIME_OF_DAY_TARIFF.id]);
  await upsertToken(db, {
    uid: TOKEN_UID,
    countryCode: 'DE',
    partyId: 'CLG',
    type: 'RFID',
    contractId: 'DE-CLG-C00001-7',
  });
}
