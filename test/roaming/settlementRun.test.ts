// Settlement between two installations that are both CPO and eMSP towards each other (loopback HTTP,
// a PostgreSQL database each). Each rates the other's drivers with the agreed wholesale tariff and
// pushes the CDRs; A then settles March with B: pulls B's CDRs page by page to reconcile, withholds a
// disputed CDR, nets what each owes, and after a credit CDR stores a new statement version.
//
// By hand (fixtures.ts): A→B CDRs (wholesale DE-CLG-WS-EMP) 9.375 / 11.1563 → 9.38 / 11.16 each;
// B→A CDR (wholesale NL-EMP-WS-CLG, 0.30 €/kWh, VAT 21 %): 22.5 × 0.30 = 6.75, × 1.21 = 8.1675 → 6.75 / 8.17.
import { getPartner, putAgreement } from '../../src/db/repos/partners';
import { listReceivedCdrs } from '../../src/db/repos/roamingCdrs';
import { listDisputes, listStatements, openDispute } from '../../src/db/repos/settlements';
import { storeCdr } from '../../src/db/repos/cdrs';
import { putTariffVersion } from '../../src/db/repos/tariffs';
import { upsertToken } from '../../src/db/repos/tokens';
import { pullCdrs, pushCdr, type OurParty } from '../../src/ocpi';
import { issueCreditCdr, rateForPartner, settlementCdrOf, settlePartnerPeriod } from '../../src/roaming';
import type { Cdr, Tariff } from '../../src/tariff/types';
import { call } from '../ocpi/support/http';
import { connect, type Connection } from '../ocpi/support/connect';
import { startOcpiNode, type OcpiNode } from '../ocpi/support/ocpiNode';
import { DRIVER_TOKEN, RETAIL_TARIFF, WHOLESALE_TARIFF, sessionCdr } from './fixtures';

const A_PARTIES: OurParty[] = [
  { role: 'CPO', countryCode: 'DE', partyId: 'CLG', name: 'Chargeledger Charging' },
  { role: 'EMSP', countryCode: 'DE', partyId: 'CLG', name: 'Chargeledger Charging' },
];
const B_PARTIES: OurParty[] = [
  { role: 'CPO', countryCode: 'NL', partyId: 'EMP', name: 'Example Mobility' },
  { role: 'EMSP', countryCode: 'NL', partyId: 'EMP', name: 'Example Mobility' },
];
const B_WHOLESALE: Tariff = {
  ...WHOLESALE_TARIFF,
  country_code: 'NL',
  party_id: 'EMP',
  id: 'NL-EMP-WS-CLG',
  elements: [{ price_components: [{ type: 'ENERGY', price: 0.3, vat: 21, step_size: 1 }] }],
};
const A_RETAIL: Tariff = { ...RETAIL_TARIFF, country_code: 'DE', party_id: 'CLG', id: 'DE-CLG-FLEX' };
const A_DRIVER = {
  ...DRIVER_TOKEN,
  uid: 'DE-CLG-CARD-7',
  countryCode: 'DE',
  partyId: 'CLG',
  contractId: 'DE-CLG-C7',
  tariffId: 'DE-CLG-FLEX',
};
const MARCH = { periodStart: '2025-03-01T00:00:00Z', periodEnd: '2025-04-01T00:00:00Z' };

let a: OcpiNode;
let b: OcpiNode;
let link: Connection;
/** B's partner id on A, A's partner id on B. */
let bOnA: string;
let aOnB: string;

/** A charging session of `node`'s CPO for the other side's driver: rate wholesale, store, push. */
async function chargeAndPush(node: OcpiNode, partnerId: string, cdr: Cdr, timeZone: string): Promise<Cdr> {
  const rated = await rateForPartner(node.db, cdr, timeZone);
  await storeCdr(node.db, {
    cdr: rated!.cdr,
    breakdown: rated!.breakdown,
    tariffId: rated!.tariffId,
    tariffVersion: rated!.tariffVersion,
  });
  expect(await pushCdr(node.ctx, partnerId, rated!.cdr)).toMatchObject({ outcome: 'accepted' });
  return rated!.cdr;
}

beforeAll(async () => {
  [a, b] = await Promise.all([
    startOcpiNode({ parties: A_PARTIES, pageLimit: 1 }),
    startOcpiNode({ parties: B_PARTIES }),
  ]);
  link = await connect(a, b);
  bOnA = link.emspOnCpo;
  aOnB = link.cpoOnEmsp;
  const agreement = {
    currency: 'EUR',
    settlementPeriod: 'monthly',
    paymentTermsDays: 30,
    ourRole: 'CPO',
  } as const;
  await Promise.all([
    putTariffVersion(a.db, WHOLESALE_TARIFF),
    putTariffVersion(a.db, A_RETAIL),
    upsertToken(a.db, A_DRIVER),
    putAgreement(a.db, { ...agreement, partnerId: bOnA, wholesaleTariffId: WHOLESALE_TARIFF.id }),
    putTariffVersion(b.db, B_WHOLESALE),
    putTariffVersion(b.db, RETAIL_TARIFF),
    upsertToken(b.db, DRIVER_TOKEN),
    putAgreement(b.db, { ...agreement, partnerId: aOnB, wholesaleTariffId: B_WHOLESALE.id }),
  ]);
  // B's drivers at A's chargers: two sessions. A's driver at B's charger in Amsterdam: one.
  await chargeAndPush(a, bOnA, sessionCdr({ id: 'A-0001' }), 'Europe/Berlin');
  await chargeAndPush(
    a,
    bOnA,
    sessionCdr({ id: 'A-0002', last_updated: '2025-03-10T10:32:00Z' }),
    'Europe/Berlin',
  );
  const atB = sessionCdr({
    country_code: 'NL',
    party_id: 'EMP',
    id: 'B-0001',
    cdr_token: {
      country_code: 'DE',
      party_id: 'CLG',
      uid: A_DRIVER.uid,
      type: 'RFID',
      contract_id: A_DRIVER.contractId,
    },
    cdr_location: { ...sessionCdr().cdr_location, city: 'Amsterdam', country: 'NLD', evse_id: 'NL*EMP*E1*1' },
  });
  await chargeAndPush(b, aOnB, atB, 'Europe/Amsterdam');
}, 120_000);

afterAll(async () => {
  await Promise.all([a?.close(), b?.close()]);
});

/** B's statement rows of what A sent it: what B received, as B sees it. */
async function bsViewOfSent() {
  return (await listReceivedCdrs(b.db, { partnerId: aOnB })).map((r) => settlementCdrOf(r.cdr, 'sent'));
}

describe('pulling the sender interface', () => {
  it('pages with X-Total-Count, X-Limit and a Link to the next page carrying the filters', async () => {
    const token = (await getPartner(b.db, aOnB))!.outgoingToken!;
    const first = await call('GET', `${a.urls.cpoCdrs}?limit=1&date_from=2025-03-01T00:00:00Z`, { token });
    expect(first.body?.status_code).toBe(1000);
    expect((first.body?.data as Cdr[]).map((c) => c.id)).toEqual(['A-0001']);
    expect(first.headers.get('x-total-count')).toBe('2');
    expect(first.headers.get('x-limit')).toBe('1');
    expect(first.headers.get('link')).toBe(
      `<${a.urls.cpoCdrs}?date_from=2025-03-01T00%3A00%3A00.000Z&offset=1&limit=1>; rel="next"`,
    );
    const last = await call('GET', `${a.urls.cpoCdrs}?offset=1&limit=1&date_from=2025-03-01T00:00:00Z`, {
      token,
    });
    expect((last.body?.data as Cdr[]).map((c) => c.id)).toEqual(['A-0002']);
    expect(last.headers.get('link')).toBeNull();
    const bad = await call('GET', `${a.urls.cpoCdrs}?date_from=yesterday`, { token });
    expect(bad.body).toMatchObject({
      status_code: 2001,
      status_message: expect.stringMatching(/^query parameter date_from/),
    });
  });

  it('pullCdrs follows the pages (X-Limit 1) and returns every CDR of the period', async () => {
    const pulled = await pullCdrs(b.ctx, aOnB, { dateFrom: MARCH.periodStart, dateTo: MARCH.periodEnd });
    expect(pulled.map((c) => c.id)).toEqual(['A-0001', 'A-0002']);
    expect(await pullCdrs(b.ctx, aOnB, { dateFrom: '2025-04-01T00:00:00Z' })).toEqual([]);
  });
});

describe("A's March settlement with B", () => {
  it('with A-0002 disputed: withheld, the rest netted; both views agree', async () => {
    await openDispute(a.db, {
      partnerId: bOnA,
      direction: 'sent',
      countryCode: 'DE',
      partyId: 'CLG',
      cdrId: 'A-0002',
      reason: 'session shorter than billed',
    });
    const { statement, record, created } = await settlePartnerPeriod(a.ctx, {
      partnerId: bOnA,
      ...MARCH,
      pullTheirCdrs: true,
      theirs: { sent: await bsViewOfSent() },
      generatedAt: '2025-04-02T06:00:00Z',
    });
    expect(created).toBe(true);
    expect(statement.findings).toEqual([]);
    expect(
      statement.lines.map((l) => `${l.direction} ${l.cdrId} ${l.exclVat} ${l.inclVat} ${l.status}`),
    ).toEqual([
      'sent A-0001 9.38 11.16 due',
      'sent A-0002 9.38 11.16 disputed',
      'received B-0001 6.75 8.17 due',
    ]);
    expect(statement.receivable).toMatchObject({ count: 1, exclVat: '9.38', inclVat: '11.16' });
    expect(statement.withheldReceivable).toMatchObject({ count: 1, exclVat: '9.38', inclVat: '11.16' });
    expect(statement.payable).toMatchObject({ count: 1, exclVat: '6.75', vat: '1.42', inclVat: '8.17' });
    expect(statement.net).toEqual({ exclVat: '2.63', vat: '0.36', inclVat: '2.99', payer: 'partner' });
    expect(record).toMatchObject({
      version: 1,
      currency: 'EUR',
      receivableInclVat: '11.16',
      payableInclVat: '8.17',
      netInclVat: '2.99',
    });
  });

  it('running it again changes nothing', async () => {
    const again = await settlePartnerPeriod(a.ctx, {
      partnerId: bOnA,
      ...MARCH,
      generatedAt: '2025-04-03T06:00:00Z',
    });
    expect(again.created).toBe(false);
    expect(again.record.version).toBe(1);
  });

  it('a mismatch between A and B is reported: B holds a CDR A never sent', async () => {
    const theirs = [
      ...(await bsViewOfSent()),
      settlementCdrOf(sessionCdr({ id: 'A-9999', total_cost: { excl_vat: 1 }, total_energy: 1 }), 'sent'),
    ];
    const { statement, record } = await settlePartnerPeriod(a.ctx, {
      partnerId: bOnA,
      ...MARCH,
      theirs: { sent: theirs },
    });
    expect(statement.findings).toMatchObject([{ kind: 'missing_here', cdrId: 'A-9999', direction: 'sent' }]);
    expect(record.version).toBe(2);
  });

  it('a credit CDR settles the dispute: A-0002 is offset, not withheld; a new version is stored', async () => {
    const { cdr: credit } = await issueCreditCdr(a.db, 'A-0002', { lastUpdated: '2025-03-20T09:00:00Z' });
    expect(credit).toMatchObject({
      id: 'A-0002-C',
      credit: true,
      credit_reference_id: 'A-0002',
      total_cost: { excl_vat: -9.375, incl_vat: -11.1563 },
    });
    expect(await pushCdr(a.ctx, bOnA, credit)).toMatchObject({ outcome: 'accepted' });
    expect(await listDisputes(a.db, { partnerId: bOnA })).toMatchObject([
      { cdrId: 'A-0002', status: 'resolved', creditCdrId: 'A-0002-C' },
    ]);
    // B re-rates the credit for its driver: the negated retail price of A-0002.
    const atB = await listReceivedCdrs(b.db, { partnerId: aOnB });
    expect(atB.find((r) => r.cdrId === 'A-0002-C')?.retail).toMatchObject({
      status: 'rated',
      totalExclVat: '-13.025',
      totalInclVat: '-15.76025',
    });

    const { statement, record, created } = await settlePartnerPeriod(a.ctx, {
      partnerId: bOnA,
      ...MARCH,
      pullTheirCdrs: true,
      theirs: { sent: await bsViewOfSent() },
      generatedAt: '2025-04-05T06:00:00Z',
    });
    expect(created).toBe(true);
    expect(record.version).toBe(3);
    expect(statement.findings).toEqual([]);
    expect(statement.lines.map((l) => `${l.cdrId} ${l.exclVat} ${l.status}`)).toEqual([
      'A-0001 9.38 due',
      'A-0002 9.38 credited',
      'A-0002-C -9.38 credit',
      'B-0001 6.75 due',
    ]);
    expect(statement.withheldReceivable.count).toBe(0);
    expect(statement.receivable).toMatchObject({ count: 3, exclVat: '9.38', inclVat: '11.16' });
    expect(statement.net).toEqual({ exclVat: '2.63', vat: '0.36', inclVat: '2.99', payer: 'partner' });
    expect((await listStatements(a.db, { partnerId: bOnA })).map((s) => s.version)).toEqual([1, 2, 3]);
  });
});
