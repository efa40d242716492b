// End to end over real HTTP: an integrator registers a tariff, a charger and a token, then drives a
// session through /v1 only (start → readings across a tariff boundary → idle → stop), while the
// stack's worker runs the session workflow on the Temporal dev server (src/api + src/runtime/stack).
//
// Berlin in winter (UTC+1). Start 16:30:00Z = 17:30 local, 12 kW (1000 Wh per 5-minute reading) until
// 17:30Z, then SuspendedEV until the stop at 17:45Z. The energy price changes at 18:00 local = 17:00Z.
// Worked out by hand:
//   16:30–17:00Z  6 kWh × 0.30 = 1.80      17:00–17:30Z  6 kWh × 0.45 = 2.70      energy 4.50 (× 1.19 = 5.355)
//   session fee 0.50 (0.595 incl.)        idle 15 min × 6.00 €/h = 1.50 (1.785 incl.)
//   total 6.50 excl., 7.735 incl.; charging + idle time 1.25 h, of which idle 0.25 h
//   Cost so far at 17:00Z (the first six readings): 0.50 + 1.80 = 2.30 excl., 0.595 + 2.142 = 2.737 incl.
import { createApiClient, getCdr, listAudit, type ApiClient } from '../../src/db';
import { TIME_OF_DAY_TARIFF } from '../lifecycle/fixtures';
import { useApiStack } from './harness';
import { eventually, httpClient, type Json } from './http';

const api = useApiStack();
let call: ReturnType<typeof httpClient>;
let client: ApiClient;

/** 0.30 €/kWh 06:00–18:00 local, 0.45 €/kWh otherwise, 0.50 € per session, idle 6.00 €/h per started minute; VAT 19 %. */
const BERLIN_TARIFF = { ...TIME_OF_DAY_TARIFF, id: 'API-TOD-1' };

/** A registered charger with one connector offering `tariffId`, and a token that may charge. */
async function registerSite(chargePointId: string, tariffId: string, tokenUid: string): Promise<void> {
  const charger = await call('PUT', `/v1/chargers/${chargePointId}`, {
    ocppVersion: '2.0.1',
    timeZone: 'Europe/Berlin',
    cpo: { countryCode: 'DE', partyId: 'CLG' },
    location: {
      id: `LOC-${chargePointId}`,
      address: 'Kantstraße 1',
      city: 'Berlin',
      postalCode: '10623',
      country: 'DEU',
      latitude: '52.505500',
      longitude: '13.320300',
    },
    connectors: [{ connectorId: 1, standard: 'IEC_62196_T2', format: 'SOCKET', tariffIds: [tariffId] }],
  });
  expect(charger.statusCode).toBe(201);
  const token = await call('PUT', `/v1/tokens/${tokenUid}`, {
    countryCode: 'DE',
    partyId: 'CLG',
    type: 'RFID',
    contractId: `DE-CLG-${tokenUid}`,
  });
  expect(token.statusCode).toBe(201);
}

/** Readings every 5 minutes at 12 kW: `count` of them after `from` (ISO), the register starting at `fromWh`. */
function readings(from: string, fromWh: number, count: number): Json[] {
  return Array.from({ length: count }, (_, i) => ({
    timestamp: new Date(Date.parse(from) + (i + 1) * 300_000).toISOString(),
    energyWh: String(fromWh + (i + 1) * 1000),
    powerW: '12000',
    context: 'Sample.Periodic',
  }));
}

const getSession = (sessionId: string) => call('GET', `/v1/sessions/${encodeURIComponent(sessionId)}`);

beforeAll(async () => {
  ({ client } = await createApiClient(api.db, {
    name: 'csms',
    scopes: ['admin'],
    key: 'csms-test-key-0123456789',
  }));
  call = httpClient(api.url, 'Bearer csms-test-key-0123456789');
});

describe('an HTTP integrator’s session across a tariff boundary', () => {
  let sessionId: string;

  it('registers the tariff, the charger and the token over HTTP', async () => {
    const put = await call('PUT', `/v1/tariffs/${BERLIN_TARIFF.id}`, BERLIN_TARIFF);
    expect(put.statusCode).toBe(201);
    expect(put.body).toEqual({ id: 'API-TOD-1', version: 1, created: true, warnings: [] });
    await registerSite('API-BER-1', BERLIN_TARIFF.id, 'API-TOKEN-1');
  });

  it('starts once, however often the start is sent', async () => {
    const start = {
      chargePointId: 'API-BER-1',
      connectorId: 1,
      idTag: 'API-TOKEN-1',
      meterStartWh: '1000000',
      timestamp: '2026-01-15T16:30:00Z',
    };
    const first = await call('POST', '/v1/sessions', start);
    expect(first.statusCode).toBe(201);
    expect(first.body.authorization.status).toBe('Accepted');
    expect(first.headers['location']).toBe(`/v1/sessions/${encodeURIComponent(first.body.sessionId)}`);
    const again = await call('POST', '/v1/sessions', start);
    expect(again.statusCode).toBe(201);
    expect(again.body).toEqual(first.body);
    sessionId = first.body.sessionId;

    const charging = await call('POST', `/v1/sessions/${sessionId}/status`, {
      state: 'Charging',
      timestamp: '2026-01-15T16:30:00Z',
    });
    expect(charging.statusCode).toBe(202);
  });

  it('shows energy and cost so far from the workflow while it runs', async () => {
    const first = await call('POST', `/v1/sessions/${sessionId}/meter-values`, {
      samples: readings('2026-01-15T16:30:00Z', 1_000_000, 6),
    });
    expect(first.statusCode).toBe(202);
    expect(first.body).toEqual({ inserted: 6, duplicates: 0 });

    const live = await eventually(
      'the six readings to be ingested',
      () => getSession(sessionId),
      (r) => r.body.live?.energyWh === '6000',
    );
    expect(live.body.status).toBe('active');
    expect(live.body.live).toMatchObject({
      status: 'charging',
      energyWh: '6000',
      costSoFar: { exclVat: '2.3000', inclVat: '2.7370' },
      currency: 'EUR',
      samplesAccepted: 6,
      samplesFlagged: 0,
      lastSampleAt: '2026-01-15T17:00:00.000Z',
    });
    expect(live.body.tariff).toEqual({ id: 'API-TOD-1', version: 1 });
    expect(live.body.cdr).toBeUndefined();
  });

  it('counts readings sent twice once', async () => {
    const batch = { samples: readings('2026-01-15T17:00:00Z', 1_006_000, 6) };
    const sent = await call('POST', `/v1/sessions/${sessionId}/meter-values`, batch);
    expect(sent.body).toEqual({ inserted: 6, duplicates: 0 });
    const resent = await call('POST', `/v1/sessions/${sessionId}/meter-values`, batch);
    expect(resent.statusCode).toBe(202);
    expect(resent.body).toEqual({ inserted: 0, duplicates: 6 });
    await eventually(
      'the second batch to be ingested',
      () => getSession(sessionId),
      (r) => r.body.live?.energyWh === '12000',
    );
  });

  it('stops after an idle tail; the CDR fetched over HTTP has the hand-worked totals', async () => {
    const idle = await call('POST', `/v1/sessions/${sessionId}/status`, {
      state: 'SuspendedEV',
      timestamp: '2026-01-15T17:30:00Z',
    });
    expect(idle.statusCode).toBe(202);
    const stop = {
      timestamp: '2026-01-15T17:45:00Z',
      meterStopWh: '1012000',
      reason: 'EVDisconnected',
      samples: [{ timestamp: '2026-01-15T17:45:00Z', energyWh: '1012000', powerW: '0' }],
    };
    expect((await call('POST', `/v1/sessions/${sessionId}/stop`, stop)).statusCode).toBe(202);
    expect((await call('POST', `/v1/sessions/${sessionId}/stop`, stop)).statusCode).toBe(202);

    const rated = await eventually(
      'the session to be rated',
      () => getSession(sessionId),
      (r) => r.body.status === 'rated',
    );
    expect(rated.body.live).toBeUndefined();
    expect(rated.body).toMatchObject({
      stoppedAt: '2026-01-15T17:45:00.000Z',
      stopReason: 'EVDisconnected',
      tariff: { id: 'API-TOD-1', version: 1 },
    });
    expect(rated.body.cdr).toMatchObject({
      currency: 'EUR',
      totalCost: { exclVat: '6.5', inclVat: '7.735' },
      totalEnergyKwh: '12',
      totalTimeHours: '1.25',
      totalParkingTimeHours: '0.25',
    });

    const { body: cdr, statusCode } = await call('GET', `/v1/cdrs/${rated.body.cdr.id}`);
    expect(statusCode).toBe(200);
    expect(cdr.start_date_time).toBe('2026-01-15T16:30:00Z');
    expect(cdr.end_date_time).toBe('2026-01-15T17:45:00Z');
    expect(cdr.cdr_token).toMatchObject({ uid: 'API-TOKEN-1', type: 'RFID' });
    expect(cdr.cdr_location).toMatchObject({ city: 'Berlin', country: 'DEU' });
    expect(cdr.charging_periods.map((p: Json) => p.start_date_time)).toEqual([
      '2026-01-15T16:30:00Z',
      '2026-01-15T17:00:00Z',
      '2026-01-15T17:30:00Z',
    ]);
    expect(cdr.total_energy).toBe(12);
    expect(cdr.total_energy_cost).toEqual({ excl_vat: 4.5, incl_vat: 5.355 });
    expect(cdr.total_fixed_cost).toEqual({ excl_vat: 0.5, incl_vat: 0.595 });
    expect(cdr.total_parking_cost).toEqual({ excl_vat: 1.5, incl_vat: 1.785 });
    expect(cdr.total_cost).toEqual({ excl_vat: 6.5, incl_vat: 7.735 });
    expect(cdr.total_time).toBe(1.25);
    expect(cdr.total_parking_time).toBe(0.25);
    expect(cdr.chargeledger_breakdown).toBeUndefined();
    // Serialization keeps the stored OCPI CDR whole: no field dropped, no number rewritten.
    expect(cdr).toEqual((await getCdr(api.db, cdr.id))!.cdr);

    const withBreakdown = await call('GET', `/v1/cdrs/${cdr.id}?include=breakdown`);
    expect(withBreakdown.body.chargeledger_breakdown).toBeDefined();
    expect({ ...withBreakdown.body, chargeledger_breakdown: undefined }).toEqual({
      ...cdr,
      chargeledger_breakdown: undefined,
    });
  });

  it('lists the CDR with paging headers and refuses readings after the stop', async () => {
    const page = await call('GET', '/v1/cdrs?from=2026-01-01T00:00:00Z&limit=10');
    expect(page.statusCode).toBe(200);
    expect(page.headers['x-total-count']).toBe('1');
    expect(page.headers['link']).toBeUndefined();
    expect(page.body.map((c: Json) => c.session_id)).toEqual([sessionId]);

    const late = await call('POST', `/v1/sessions/${sessionId}/meter-values`, {
      samples: [{ timestamp: '2026-01-15T17:50:00Z', energyWh: '1012500' }],
    });
    expect(late.statusCode).toBe(409);
    expect(late.body.error.code).toBe('conflict');
    expect(late.body.error.message).toContain(sessionId);
  });

  it('records every write in the audit log with the client id', async () => {
    const entries = await listAudit(api.db, { actor: `api:${client.id}`, limit: 1000 });
    const actions = entries.filter((e) => e.subject === `session:${sessionId}`).map((e) => e.action);
    expect(actions).toEqual([
      'session.start',
      'session.start',
      'session.status',
      'session.meter_values',
      'session.meter_values',
      'session.meter_values',
      'session.status',
      'session.stop',
      'session.stop',
    ]);
    const writes = entries.map((e) => e.action);
    expect(writes).toEqual(expect.arrayContaining(['tariff.put', 'charger.put', 'token.put']));
  });
});

describe('tariff versions over HTTP: a changed tariff never re-prices a session under way', () => {
  // 0.30 €/kWh, no VAT. Each session charges 10 kWh in one hour: 3.00 € at v1, 4.00 € at v2 (0.40 €/kWh).
  const v1 = {
    country_code: 'DE',
    party_id: 'CLG',
    id: 'API-VER-1',
    currency: 'EUR',
    elements: [{ price_components: [{ type: 'ENERGY', price: 0.3, step_size: 1 }] }],
    last_updated: '2026-02-01T00:00:00Z',
  };
  const v2 = {
    ...v1,
    elements: [{ price_components: [{ type: 'ENERGY', price: 0.4, step_size: 1 }] }],
    last_updated: '2026-02-01T10:30:00Z',
  };

  async function startAt(timestamp: string): Promise<string> {
    const started = await call('POST', '/v1/sessions', {
      chargePointId: 'API-VER-CP',
      connectorId: 1,
      idTag: 'API-TOKEN-2',
      meterStartWh: '0',
      timestamp,
    });
    expect(started.statusCode).toBe(201);
    return started.body.sessionId;
  }

  /** 5 kWh after 30 minutes and 10 kWh after an hour, then the stop; resolves with the rated session. */
  async function chargeTenKwh(sessionId: string, startedAt: string): Promise<Json> {
    const at = (minutes: number) => new Date(Date.parse(startedAt) + minutes * 60_000).toISOString();
    await call('POST', `/v1/sessions/${sessionId}/meter-values`, {
      samples: [
        { timestamp: at(30), energyWh: '5000' },
        { timestamp: at(60), energyWh: '10000' },
      ],
    });
    await call('POST', `/v1/sessions/${sessionId}/stop`, { timestamp: at(60), meterStopWh: '10000' });
    return (
      await eventually(
        `session ${sessionId} to be rated`,
        () => getSession(sessionId),
        (r) => r.body.status === 'rated',
      )
    ).body;
  }

  it('prices a session by the version frozen at its start, and the next session by the new one', async () => {
    expect((await call('PUT', `/v1/tariffs/${v1.id}`, v1)).body).toMatchObject({ version: 1, created: true });
    await registerSite('API-VER-CP', v1.id, 'API-TOKEN-2');
    const first = await startAt('2026-02-01T10:00:00Z');

    const changed = await call('PUT', `/v1/tariffs/${v1.id}`, v2);
    expect(changed.statusCode).toBe(201);
    expect(changed.body).toMatchObject({ version: 2, created: true });
    const resent = await call('PUT', `/v1/tariffs/${v1.id}`, { ...v2, last_updated: '2026-02-01T10:45:00Z' });
    expect(resent.statusCode).toBe(200);
    expect(resent.body).toMatchObject({ version: 2, created: false });

    const firstRated = await chargeTenKwh(first, '2026-02-01T10:00:00Z');
    expect(firstRated.tariff).toEqual({ id: 'API-VER-1', version: 1 });
    expect(firstRated.cdr.totalCost).toEqual({ exclVat: '3', inclVat: '3' });
    const firstCdr = (await call('GET', `/v1/cdrs/${firstRated.cdr.id}`)).body;
    expect(firstCdr.tariffs.map((t: Json) => t.elements[0].price_components[0].price)).toEqual([0.3]);
    expect(firstCdr.total_cost).toEqual({ excl_vat: 3, incl_vat: 3 });

    const second = await startAt('2026-02-01T12:00:00Z');
    const secondRated = await chargeTenKwh(second, '2026-02-01T12:00:00Z');
    expect(secondRated.tariff).toEqual({ id: 'API-VER-1', version: 2 });
    expect(secondRated.cdr.totalCost).toEqual({ exclVat: '4', inclVat: '4' });

    const versions = await call('GET', `/v1/tariffs/${v1.id}/versions`);
    expect(versions.body.map((v: Json) => [v.version, v.lastUpdated])).toEqual([
      [1, '2026-02-01T00:00:00.000Z'],
      [2, '2026-02-01T10:30:00.000Z'],
    ]);
    const old = await call('GET', `/v1/tariffs/${v1.id}?version=1`);
    expect(old.body.tariff.elements[0].price_components[0].price).toBe(0.3);
    const current = await call('GET', `/v1/tariffs/${v1.id}`);
    expect(current.body.version).toBe(2);
  });
});

describe('session rules over HTTP', () => {
  const CP = 'API-RULES-CP';
  const start = (overrides: Json) =>
    call('POST', '/v1/sessions', {
      chargePointId: CP,
      connectorId: 1,
      idTag: 'API-TOKEN-3',
      meterStartWh: '500',
      timestamp: '2026-03-02T08:00:00Z',
      ...overrides,
    });

  beforeAll(async () => {
    await call('PUT', `/v1/tariffs/${BERLIN_TARIFF.id}`, BERLIN_TARIFF);
    await registerSite(CP, BERLIN_TARIFF.id, 'API-TOKEN-3');
  });

  it('refuses a start that reuses a transaction id for another start (409 naming the fields)', async () => {
    const first = await start({ transactionId: 'TX-RULES-1' });
    expect(first.statusCode).toBe(201);
    expect(first.body.transactionId).toBe('TX-RULES-1');
    const other = await start({
      transactionId: 'TX-RULES-1',
      idTag: 'SOMEONE-ELSE',
      meterStartWh: '500.000',
    });
    expect(other.statusCode).toBe(409);
    expect(other.body.error.code).toBe('conflict');
    expect(other.body.error.message).toBe(
      `transaction TX-RULES-1 of charger ${CP} already started with other idTag (session ${first.body.sessionId})`,
    );
    expect(other.body.error.details).toEqual([
      { in: 'body', path: 'idTag', message: 'differs from the existing session' },
    ]);
  });

  it('refuses a stop before the start (422)', async () => {
    const sessionId = `session-${CP}-TX-RULES-1`;
    const early = await call('POST', `/v1/sessions/${sessionId}/stop`, { timestamp: '2026-03-02T07:59:59Z' });
    expect(early.statusCode).toBe(422);
    expect(early.body.error.message).toBe(
      "body timestamp: is before the session's start 2026-03-02T08:00:00.000Z",
    );
  });

  it('remote-stops a session at its last reading; a second remote stop is a conflict', async () => {
    const sessionId = `session-${CP}-TX-RULES-1`;
    await call('POST', `/v1/sessions/${sessionId}/meter-values`, {
      samples: [
        { timestamp: '2026-03-02T08:10:00Z', energyWh: '2500' },
        { timestamp: '2026-03-02T08:20:00Z', energyWh: '4500' },
      ],
    });
    await eventually(
      'the readings to be ingested',
      () => getSession(sessionId),
      (r) => r.body.live?.energyWh === '4000',
    );
    const stop = await call('POST', `/v1/sessions/${sessionId}/remote-stop`);
    expect(stop.statusCode).toBe(202);
    const rated = await eventually(
      'the remotely stopped session to be rated',
      () => getSession(sessionId),
      (r) => r.body.status === 'rated',
    );
    expect(rated.body).toMatchObject({ stopReason: 'Remote', stoppedAt: '2026-03-02T08:20:00.000Z' });
    // 4 kWh × 0.30 (09:00–09:20 local) + 0.50 session fee = 1.70; × 1.19 = 2.023
    expect(rated.body.cdr).toMatchObject({
      totalEnergyKwh: '4',
      totalCost: { exclVat: '1.7', inclVat: '2.023' },
    });
    const again = await call('POST', `/v1/sessions/${sessionId}/remote-stop`);
    expect(again.statusCode).toBe(409);
    expect(again.body.error.message).toBe(`session ${sessionId} is rated: there is nothing left to stop`);
  });

  it('answers an unknown token with Invalid and bills nothing', async () => {
    const refused = await start({ idTag: 'NOBODY-KNOWS-ME', timestamp: '2026-03-02T09:00:00Z' });
    expect(refused.statusCode).toBe(201);
    expect(refused.body.authorization.status).toBe('Invalid');
    const closed = await eventually(
      'the refused session to close',
      () => getSession(refused.body.sessionId),
      (r) => r.body.status !== 'active',
    );
    expect(closed.body).toMatchObject({
      status: 'stopped',
      authorizationStatus: 'Invalid',
      stopReason: 'DeAuthorized',
    });
    expect(closed.body.cdr).toBeUndefined();
  });

  it('lists sessions page by page, following the Link header with the same filters', async () => {
    const all = await call('GET', `/v1/sessions?chargePointId=${CP}`);
    expect(all.body.map((s: Json) => s.idTag)).toEqual(['API-TOKEN-3', 'NOBODY-KNOWS-ME']);
    const first = await call('GET', `/v1/sessions?chargePointId=${CP}&limit=1`);
    expect(first.body.map((s: Json) => s.idTag)).toEqual(['API-TOKEN-3']);
    const next = /^<([^>]+)>; rel="next"$/.exec(first.headers['link'])![1];
    expect(new URL(next).searchParams.toString()).toBe(`chargePointId=${CP}&limit=1&offset=1`);
    const second = await call('GET', next.slice(api.url.length));
    expect(second.body.map((s: Json) => s.idTag)).toEqual(['NOBODY-KNOWS-ME']);
    expect(second.headers['link']).toBeUndefined();
    const rated = await call('GET', `/v1/sessions?chargePointId=${CP}&status=rated`);
    expect(rated.body.map((s: Json) => s.sessionId)).toEqual([`session-${CP}-TX-RULES-1`]);
  });

  it('pages the CDRs of this file with X-Total-Count and Link', async () => {
    const first = await call('GET', '/v1/cdrs?limit=3');
    expect(first.headers['x-total-count']).toBe('4');
    expect(first.body).toHaveLength(3);
    const next = /^<([^>]+)>; rel="next"$/.exec(first.headers['link'])![1];
    const second = await call('GET', next.slice(api.url.length));
    expect(second.headers['x-total-count']).toBe('4');
    expect(second.headers['link']).toBeUndefined();
    const ids = [...first.body, ...second.body].map((cdr: Json) => cdr.id);
    expect(new Set(ids).size).toBe(4);
    const window = (from: string, to: string) => call('GET', `/v1/cdrs?from=${from}&to=${to}`);
    expect((await window('2000-01-01T00:00:00Z', '2100-01-01T00:00:00Z')).body).toHaveLength(4);
    const none = await window('2100-01-01T00:00:00Z', '2101-01-01T00:00:00Z');
    expect([none.body, none.headers['x-total-count']]).toEqual([[], '0']);
  });
});
