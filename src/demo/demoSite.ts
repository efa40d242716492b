// The demo's world: one Berlin charger offering the example tariff, one contract RFID card.
// Seeding is idempotent, so the demo can run again on the same database.
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';
import { putTariffVersion, registerCharger, upsertToken } from '../db';
import { setConnectorTariffIds } from '../db/repos/sessionIngest';
import { REPO_ROOT } from '../config';
import { parseTariffJson } from '../tariff';

export const DEMO_CHARGER = 'DEMO-BER-01';
export const DEMO_PASSWORD = 'demo-charger-secret';
export const DEMO_TOKEN = '04A1B2C3D4E5F6';
export const DEMO_TIME_ZONE = 'Europe/Berlin';
export const DEMO_TARIFF_FILE = path.join(REPO_ROOT, 'examples', 'tariff.json');

export async function seedDemoSite(db: Knex): Promise<{ tariffId: string }> {
  const { value: tariff } = parseTariffJson(fs.readFileSync(DEMO_TARIFF_FILE, 'utf8'), DEMO_TARIFF_FILE);
  await putTariffVersion(db, tariff);
  await registerCharger(db, {
    chargePointId: DEMO_CHARGER,
    ocppVersion: '1.6',
    password: DEMO_PASSWORD,
    timeZone: DEMO_TIME_ZONE,
    cpo: { countryCode: tariff.country_code, partyId: tariff.party_id },
    location: {
      id: 'LOC-BER-KANT',
      name: 'Parkhaus Kantstraße',
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
        evseUid: 'BER-KANT-01-1',
        evseId: 'DE*CLG*E0001*1',
        standard: 'IEC_62196_T2',
        format: 'SOCKET',
        powerType: 'AC_3_PHASE',
        maxPowerW: '22000',
      },
    ],
  });
  await setConnectorTariffIds(db, DEMO_CHARGER, [tariff.id]);
  await upsertToken(db, {
    uid: DEMO_TOKEN,
    countryCode: tariff.country_code,
    partyId: tariff.party_id,
    type: 'RFID',
    contractId: 'DE-CLG-C12345-6',
    visualNumber: 'CLG 0001 2345',
  });
  return { tariffId: tariff.id };
}
