// Tariffs, tokens and chargers over HTTP (src/api routes on a real PostgreSQL schema): idempotent PUTs,
// lint warnings, plain-words descriptions, blocking tokens, charger passwords that never come back.
import { listAudit, verifyChargerPassword } from '../../src/db';
import { describeTariff } from '../../src/tariff/describe/describeTariff';
import type { Tariff } from '../../src/tariff/types';
import { bearerFor, useApi } from './harness';
import type { ApiRequest } from './http';

const api = useApi();
let admin: { authorization: string };
const as = (request: ApiRequest) => api.inject({ ...request, headers: { ...admin, ...request.headers } });

const PASSWORD = 'correct horse battery staple';

const TARIFF: Tariff = {
  country_code: 'DE',
  party_id: 'CLG',
  id: 'REG-T1',
  currency: 'EUR',
  type: 'REGULAR',
  elements: [
    { price_components: [{ type: 'FLAT', price: 0.5, vat: 19, step_size: 1 }] },
    { price_components: [{ type: 'ENERGY', price: 0.39, vat: 19, step_size: 1 }] },
  ],
  last_updated: '2026-01-01T00:00:00Z',
};

beforeAll(async () => {
  admin = await bearerFor(api.db, 'registry-admin', ['admin']);
});

describe('tariffs', () => {
  it('returns lint warnings with their JSON paths and still stores the tariff', async () => {
    const odd = { ...TARIFF, id: 'REG-ODD', party_id: 'clg' };
    const put = await as({ method: 'PUT', url: '/v1/tariffs/REG-ODD', payload: odd });
    expect(put.statusCode).toBe(201);
    expect(put.body.warnings).toEqual([
      expect.objectContaining({ severity: 'warning', path: 'party_id', code: 'party_id_format' }),
    ]);
    expect((await as({ url: '/v1/tariffs/REG-ODD' })).body.tariff.party_id).toBe('clg');
  });

  it('describes a tariff in plain words, in the requested language where the tariff has one', async () => {
    const withText = {
      ...TARIFF,
      tariff_alt_text: [{ language: 'de', text: '39 ct/kWh, 50 ct pro Ladevorgang' }],
    };
    expect((await as({ method: 'PUT', url: '/v1/tariffs/REG-T1', payload: withText })).statusCode).toBe(201);
    const english = await as({ url: '/v1/tariffs/REG-T1/description' });
    expect(english.statusCode).toBe(200);
    expect(english.body).toEqual({
      id: 'REG-T1',
      version: 1,
      ...describeTariff(withText, { language: 'en' }),
    });
    expect(english.body.lines.join('\n')).toMatch(/0\.39/);
    const german = await as({ url: '/v1/tariffs/REG-T1/description?lang=de' });
    expect(german.body.altText).toBe('39 ct/kWh, 50 ct pro Ladevorgang');
    const bad = await as({ url: '/v1/tariffs/REG-T1/description?lang=german' });
    expect(bad.statusCode).toBe(422);
    expect(bad.body.error.message).toBe(
      'query parameter lang: expected an ISO 639-1 language code such as "en"',
    );
  });

  it('lists the current version of every tariff', async () => {
    const list = await as({ url: '/v1/tariffs' });
    expect(list.statusCode).toBe(200);
    expect(list.body.map((t: { id: string; version: number }) => [t.id, t.version])).toEqual([
      ['REG-ODD', 1],
      ['REG-T1', 1],
    ]);
  });
});

describe('chargers', () => {
  const registration = {
    ocppVersion: '1.6',
    password: PASSWORD,
    timeZone: 'Europe/Berlin',
    location: {
      id: 'LOC-1',
      address: 'Kantstraße 1',
      city: 'Berlin',
      country: 'DEU',
      latitude: '52.505500',
      longitude: '13.320300',
    },
    connectors: [
      { connectorId: 1, standard: 'IEC_62196_T2', tariffIds: ['REG-T1'] },
      { connectorId: 2, powerType: 'DC', maxPowerW: '150000' },
    ],
  };

  it('registers idempotently; the password is checked by OCPP and never returned', async () => {
    const first = await as({ method: 'PUT', url: '/v1/chargers/REG-CP-1', payload: registration });
    expect(first.statusCode).toBe(201);
    const again = await as({ method: 'PUT', url: '/v1/chargers/REG-CP-1', payload: registration });
    expect(again.statusCode).toBe(200);
    expect(again.body).toEqual(first.body);

    const got = await as({ url: '/v1/chargers/REG-CP-1' });
    expect(got.body).toMatchObject({
      chargePointId: 'REG-CP-1',
      ocppVersion: '1.6',
      hasPassword: true,
      timeZone: 'Europe/Berlin',
      location: { city: 'Berlin', country: 'DEU' },
    });
    expect(
      got.body.connectors.map((c: { connectorId: number; tariffIds: string[] }) => [
        c.connectorId,
        c.tariffIds,
      ]),
    ).toEqual([
      [1, ['REG-T1']],
      [2, []],
    ]);
    const text = JSON.stringify(got.body);
    expect(text).not.toContain(PASSWORD);
    expect(text).not.toMatch(/scrypt|hash/i);
    expect(await verifyChargerPassword(api.db, 'REG-CP-1', PASSWORD)).toBe(true);
    expect(await verifyChargerPassword(api.db, 'REG-CP-1', 'another password here')).toBe(false);

    const audit = await listAudit(api.db, { subject: 'charger:REG-CP-1' });
    expect(audit.map((entry) => entry.data.created)).toEqual([true, false]);
    expect(JSON.stringify(audit)).not.toContain(PASSWORD);
  });

  it('refuses unknown tariffs, short passwords and bad places, naming the field', async () => {
    const unknownTariff = await as({
      method: 'PUT',
      url: '/v1/chargers/REG-CP-2',
      payload: { ocppVersion: '2.0.1', connectors: [{ connectorId: 1, tariffIds: ['REG-T1', 'NOPE'] }] },
    });
    expect(unknownTariff.statusCode).toBe(422);
    expect(unknownTariff.body.error.message).toBe(
      'body connectors[0].tariffIds[1]: no tariff "NOPE" (PUT /v1/tariffs/{id} first)',
    );
    const short = await as({
      method: 'PUT',
      url: '/v1/chargers/REG-CP-2',
      payload: { ocppVersion: '2.0.1', password: 'short' },
    });
    expect(short.body.error.details).toEqual([
      {
        in: 'body',
        path: 'password',
        message: 'expected 16 to 40 characters (OCPP Security Profile 1 basic-auth password)',
      },
    ]);
    const zone = await as({
      method: 'PUT',
      url: '/v1/chargers/REG-CP-2',
      payload: { ocppVersion: '2.0.1', timeZone: 'Mars/Olympus' },
    });
    expect(zone.statusCode).toBe(422);
    expect(zone.body.error.message).toBe('timeZone: unknown IANA time zone "Mars/Olympus"');
    expect((await as({ url: '/v1/chargers/REG-CP-2' })).statusCode).toBe(404);
  });
});

describe('tokens', () => {
  const token = {
    countryCode: 'DE',
    partyId: 'CLG',
    type: 'RFID',
    contractId: 'DE-CLG-C00042-1',
    tariffId: 'REG-T1',
  };

  it('creates, replaces, blocks and unblocks', async () => {
    expect((await as({ method: 'PUT', url: '/v1/tokens/REG-TOKEN-1', payload: token })).statusCode).toBe(201);
    const replaced = await as({
      method: 'PUT',
      url: '/v1/tokens/REG-TOKEN-1',
      payload: { ...token, visualNumber: '42' },
    });
    expect(replaced.statusCode).toBe(200);
    expect(replaced.body).toMatchObject({
      uid: 'REG-TOKEN-1',
      status: 'valid',
      visualNumber: '42',
      tariffId: 'REG-T1',
    });

    const blocked = await as({
      method: 'PATCH',
      url: '/v1/tokens/REG-TOKEN-1',
      payload: { status: 'blocked' },
    });
    expect(blocked.statusCode).toBe(200);
    expect((await as({ url: '/v1/tokens/REG-TOKEN-1' })).body.status).toBe('blocked');
    await as({ method: 'PATCH', url: '/v1/tokens/REG-TOKEN-1', payload: { status: 'valid' } });
    expect((await as({ url: '/v1/tokens/REG-TOKEN-1' })).body).toMatchObject({
      status: 'valid',
      visualNumber: '42',
    });

    const audit = await listAudit(api.db, { subject: 'token:REG-TOKEN-1' });
    expect(audit.map((entry) => [entry.action, entry.data.status])).toEqual([
      ['token.put', 'valid'],
      ['token.put', 'valid'],
      ['token.status', 'blocked'],
      ['token.status', 'valid'],
    ]);
  });

  it('refuses unknown tariffs and statuses, and 404s for unknown tokens', async () => {
    const unknownTariff = await as({
      method: 'PUT',
      url: '/v1/tokens/REG-TOKEN-2',
      payload: { ...token, tariffId: 'NOPE' },
    });
    expect(unknownTariff.body.error.message).toBe(
      'body tariffId: no tariff "NOPE" (PUT /v1/tariffs/{id} first)',
    );
    const status = await as({
      method: 'PATCH',
      url: '/v1/tokens/REG-TOKEN-1',
      payload: { status: 'stolen' },
    });
    expect(status.statusCode).toBe(422);
    expect(status.body.error.message).toBe('body status: expected one of valid, blocked, expired');
    const missing = await as({ method: 'PATCH', url: '/v1/tokens/NOPE', payload: { status: 'blocked' } });
    expect(missing.statusCode).toBe(404);
  });
});
