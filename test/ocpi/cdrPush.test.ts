// CPO → eMSP CDR delivery between two installations over loopback HTTP, each with its own PostgreSQL
// database: wholesale rating on the CPO side, push, strict acceptance and retail re-rating on the eMSP
// side, idempotent resends, and the fault classes the caller's retry loop relies on.
import {
  getPartner,
  putAgreement,
  updatePartnerConnection,
  type PartnerEndpoint,
} from '../../src/db/repos/partners';
import { getDelivery, listReceivedCdrs } from '../../src/db/repos/roamingCdrs';
import { storeCdr } from '../../src/db/repos/cdrs';
import { putTariffVersion } from '../../src/db/repos/tariffs';
import { upsertToken } from '../../src/db/repos/tokens';
import { freePort } from '../../src/dev/freePort';
import { ocpiCdr, pushCdr } from '../../src/ocpi';
import { rateForPartner } from '../../src/roaming/wholesale';
import type { Cdr } from '../../src/tariff/types';
import {
  CPO_PARTY,
  DRIVER_TOKEN,
  EMSP_PARTY,
  RETAIL_TARIFF,
  WHOLESALE_TARIFF,
  sessionCdr,
} from '../roaming/fixtures';
import { connect, type Connection } from './support/connect';
import { startFlakyProxy, type FlakyProxy } from './support/flakyProxy';
import { call } from './support/http';
import { startOcpiNode, type OcpiNode } from './support/ocpiNode';

let cpo: OcpiNode;
let emsp: OcpiNode;
let link: Connection;

beforeAll(async () => {
  [cpo, emsp] = await Promise.all([
    startOcpiNode({ parties: [CPO_PARTY] }),
    startOcpiNode({ parties: [EMSP_PARTY] }),
  ]);
  link = await connect(cpo, emsp);
  await putTariffVersion(emsp.db, RETAIL_TARIFF);
  await upsertToken(emsp.db, DRIVER_TOKEN);
  await putTariffVersion(cpo.db, WHOLESALE_TARIFF);
  await putAgreement(cpo.db, {
    partnerId: link.emspOnCpo,
    ourRole: 'CPO',
    wholesaleTariffId: WHOLESALE_TARIFF.id,
    currency: 'EUR',
    settlementPeriod: 'monthly',
    paymentTermsDays: 30,
  });
}, 120_000);

afterAll(async () => {
  await Promise.all([cpo?.close(), emsp?.close()]);
});

/** What the CPO's session workflow does for a partner's driver: rate wholesale, store, then push. */
async function storedWholesaleCdr(overrides: Partial<Cdr> = {}): Promise<Cdr> {
  const rated = await rateForPartner(cpo.db, sessionCdr(overrides), 'Europe/Berlin');
  expect(rated?.partner.id).toBe(link.emspOnCpo);
  await storeCdr(cpo.db, {
    cdr: rated!.cdr,
    breakdown: rated!.breakdown,
    tariffId: rated!.tariffId,
    tariffVersion: rated!.tariffVersion,
  });
  return rated!.cdr;
}

async function receivedCount(): Promise<number> {
  return (await listReceivedCdrs(emsp.db)).length;
}

const RECORD_URL = /\/ocpi\/2\.2\.1\/emsp\/cdrs\/[0-9a-f-]{36}$/;

describe('CDR push from CPO to eMSP', () => {
  let cdr: Cdr;
  let location: string | undefined;

  it('the CPO rates the partner driver with the wholesale tariff, which the CDR carries', async () => {
    cdr = await storedWholesaleCdr();
    expect(cdr.total_cost).toEqual({ excl_vat: 9.375, incl_vat: 11.1563 });
    expect(cdr.total_energy_cost).toEqual({ excl_vat: 7.875, incl_vat: 9.3713 });
    expect(cdr.total_time_cost).toEqual({ excl_vat: 1.5, incl_vat: 1.785 });
    expect(cdr.total_parking_cost).toEqual({ excl_vat: 0, incl_vat: 0 });
    expect(cdr.tariffs?.map((t) => t.id)).toEqual(['DE-CLG-WS-EMP']);
    expect(cdr.charging_periods.every((p) => p.tariff_id === 'DE-CLG-WS-EMP')).toBe(true);
    expect(Object.keys(cdr).some((key) => key.startsWith('chargeledger_'))).toBe(false);
  });

  it('is accepted once and re-rated by the eMSP with the retail tariff', async () => {
    const result = await pushCdr(cpo.ctx, link.emspOnCpo, cdr);
    expect(result).toMatchObject({
      outcome: 'accepted',
      httpStatus: 201,
      statusCode: 1000,
      alreadyAccepted: false,
    });
    location = result.outcome === 'accepted' ? result.location : undefined;
    expect(location).toMatch(RECORD_URL);
    expect(location!.startsWith(emsp.urls.emspCdrs)).toBe(true);

    const [received] = await listReceivedCdrs(emsp.db);
    expect(received).toMatchObject({
      partnerId: link.cpoOnEmsp,
      countryCode: 'DE',
      partyId: 'CLG',
      cdrId: 'CDR-2025-0001',
      totalCostExclVat: '9.375',
      totalCostInclVat: '11.1563',
      totalEnergy: '22.5',
      contractId: DRIVER_TOKEN.contractId,
      state: 'received',
      retail: { status: 'rated', tariffId: 'NL-EMP-FLEX', tariffVersion: 1 },
    });
    // 22.5 × 0.49 + 0.25 × 6.00 + 0.50 = 13.025 excl; × 1.21 = 15.76025 incl (see fixtures).
    expect(received.retail.totalExclVat).toBe('13.025');
    expect(received.retail.totalInclVat).toBe('15.76025');
    expect(emsp.received.map((r) => r.recordId)).toEqual([received.recordId]);
    expect(await getDelivery(cpo.db, cdr.id, link.emspOnCpo)).toMatchObject({
      status: 'accepted',
      attempts: 1,
      location,
    });
  });

  it('the CPO reads the CDR back at the Location the eMSP gave', async () => {
    const partner = await getPartner(cpo.db, link.emspOnCpo);
    const answer = await call('GET', location!, { token: partner!.outgoingToken! });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ status_code: 1000, data: ocpiCdr(cdr) });
  });

  it('a repeated push sends nothing; a resent POST is answered with success again and stored once', async () => {
    expect(await pushCdr(cpo.ctx, link.emspOnCpo, cdr)).toEqual({
      outcome: 'accepted',
      location,
      alreadyAccepted: true,
    });
    const partner = await getPartner(cpo.db, link.emspOnCpo);
    const resent = await call('POST', emsp.urls.emspCdrs, {
      token: partner!.outgoingToken!,
      body: ocpiCdr(cdr),
    });
    expect(resent.status).toBe(200);
    expect(resent.body?.status_code).toBe(1000);
    expect(resent.headers.get('location')).toBe(location);
    expect(await receivedCount()).toBe(1);
    expect(emsp.received).toHaveLength(1);
  });

  it('other content under an id already received is refused (2001), nothing changes', async () => {
    const partner = await getPartner(cpo.db, link.emspOnCpo);
    const altered = { ...ocpiCdr(cdr), total_cost: { excl_vat: 1, incl_vat: 1.19 } };
    const answer = await call('POST', emsp.urls.emspCdrs, { token: partner!.outgoingToken!, body: altered });
    expect(answer.status).toBe(200);
    expect(answer.body?.status_code).toBe(2001);
    expect(answer.body?.status_message).toMatch(/^cdr\.id: .*received before with other content/);
    expect((await listReceivedCdrs(emsp.db))[0].totalCostExclVat).toBe('9.375');
  });

  it('a CDR the eMSP refuses (2001) is a final rejection, recorded as such', async () => {
    const broken = await storedWholesaleCdr({ id: 'CDR-2025-0002' });
    const { evse_uid: _dropped, ...location } = broken.cdr_location;
    const withoutEvse = { ...broken, cdr_location: location } as Cdr;
    const result = await pushCdr(cpo.ctx, link.emspOnCpo, withoutEvse);
    expect(result).toMatchObject({ outcome: 'rejected', httpStatus: 200, statusCode: 2001 });
    expect(result.outcome === 'rejected' && result.message).toMatch(
      /cdr\.cdr_location\.evse_uid: required field/,
    );
    expect(await getDelivery(cpo.db, broken.id, link.emspOnCpo)).toMatchObject({
      status: 'rejected',
      lastOcpiStatus: 2001,
    });
    expect(await receivedCount()).toBe(1);
  });
});

describe('faults on the way to the eMSP', () => {
  let proxy: FlakyProxy;
  let realEndpoints: PartnerEndpoint[];

  beforeAll(async () => {
    const partner = await getPartner(cpo.db, link.emspOnCpo);
    realEndpoints = partner!.endpoints;
    proxy = await startFlakyProxy(new URL(emsp.urls.versions).origin);
  });
  afterAll(async () => {
    await updatePartnerConnection(cpo.db, link.emspOnCpo, { endpoints: realEndpoints });
    await proxy?.close();
  });

  /** Points the CPO's view of the eMSP cdrs endpoint at `origin` (a proxy or a dead port). */
  async function routeCdrsVia(origin: string) {
    const endpoints = realEndpoints.map((e) =>
      e.identifier === 'cdrs' ? { ...e, url: `${origin}${new URL(e.url).pathname}` } : e,
    );
    await updatePartnerConnection(cpo.db, link.emspOnCpo, { endpoints });
  }

  it('HTTP 503 is retryable; the retry is accepted and stored once', async () => {
    await routeCdrsVia(proxy.url);
    const cdr = await storedWholesaleCdr({ id: 'CDR-2025-0003' });
    const before = await receivedCount();
    proxy.fail(1, 'unavailable');
    expect(await pushCdr(cpo.ctx, link.emspOnCpo, cdr)).toMatchObject({
      outcome: 'retryable',
      httpStatus: 503,
    });
    expect(await getDelivery(cpo.db, cdr.id, link.emspOnCpo)).toMatchObject({
      status: 'pending',
      attempts: 1,
    });
    expect(await receivedCount()).toBe(before);

    expect(await pushCdr(cpo.ctx, link.emspOnCpo, cdr)).toMatchObject({
      outcome: 'accepted',
      httpStatus: 201,
    });
    expect(await receivedCount()).toBe(before + 1);
    expect(await getDelivery(cpo.db, cdr.id, link.emspOnCpo)).toMatchObject({
      status: 'accepted',
      attempts: 2,
    });
  });

  it('an answer lost after the eMSP stored the CDR: the retry is answered with success, one row', async () => {
    await routeCdrsVia(proxy.url);
    const cdr = await storedWholesaleCdr({ id: 'CDR-2025-0004' });
    const before = await receivedCount();
    proxy.fail(1, 'lose-answer');
    expect(await pushCdr(cpo.ctx, link.emspOnCpo, cdr)).toMatchObject({
      outcome: 'retryable',
      httpStatus: 502,
    });
    expect(await receivedCount()).toBe(before + 1);
    expect(await pushCdr(cpo.ctx, link.emspOnCpo, cdr)).toMatchObject({
      outcome: 'accepted',
      httpStatus: 200,
    });
    expect(await receivedCount()).toBe(before + 1);
  });

  it('a timeout is retryable', async () => {
    await routeCdrsVia(proxy.url);
    const cdr = await storedWholesaleCdr({ id: 'CDR-2025-0005' });
    proxy.fail(1, 'hang');
    const result = await pushCdr({ ...cpo.ctx, timeoutMs: 300 }, link.emspOnCpo, cdr);
    expect(result).toMatchObject({ outcome: 'retryable' });
    expect(result.outcome === 'retryable' && result.message).toMatch(/no answer within 300 ms/);
    expect(await pushCdr(cpo.ctx, link.emspOnCpo, cdr)).toMatchObject({ outcome: 'accepted' });
  });

  it('connection refused is retryable; once the eMSP is back the CDR is stored once', async () => {
    await routeCdrsVia(`http://127.0.0.1:${await freePort()}`);
    const cdr = await storedWholesaleCdr({ id: 'CDR-2025-0006' });
    const before = await receivedCount();
    const refused = await pushCdr(cpo.ctx, link.emspOnCpo, cdr);
    expect(refused).toMatchObject({ outcome: 'retryable' });
    expect(refused.outcome === 'retryable' && refused.message).toMatch(/ECONNREFUSED/);

    await updatePartnerConnection(cpo.db, link.emspOnCpo, { endpoints: realEndpoints });
    expect(await pushCdr(cpo.ctx, link.emspOnCpo, cdr)).toMatchObject({
      outcome: 'accepted',
      httpStatus: 201,
    });
    expect(await pushCdr(cpo.ctx, link.emspOnCpo, cdr)).toMatchObject({
      outcome: 'accepted',
      alreadyAccepted: true,
    });
    expect(await receivedCount()).toBe(before + 1);
    expect(await getDelivery(cpo.db, cdr.id, link.emspOnCpo)).toMatchObject({
      status: 'accepted',
      attempts: 2,
    });
  });
});
