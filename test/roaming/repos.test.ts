// The roaming repositories and the database-side roaming rules, on PostgreSQL and PGlite: partner
// tokens are found by hash only, a party belongs to one connection, agreements and deliveries are
// idempotent, received CDRs are stored once, disputes open once, statements are versioned evidence,
// and retail re-rating says why it could not price.
import {
  findPartnerByParty,
  findPartnerByToken,
  getAgreement,
  invitePartner,
  putAgreement,
  updatePartnerConnection,
  newCredentialsToken,
} from '../../src/db/repos/partners';
import {
  getDelivery,
  listReceivedCdrs,
  markReceivedCdrInvoiced,
  recordDeliveryAttempt,
  storeReceivedCdr,
} from '../../src/db/repos/roamingCdrs';
import { listDisputes, openDispute, storeStatement, withdrawDispute } from '../../src/db/repos/settlements';
import { storeCdr } from '../../src/db/repos/cdrs';
import { putTariffVersion } from '../../src/db/repos/tariffs';
import { upsertToken } from '../../src/db/repos/tokens';
import { InvalidRecordError } from '../../src/db/values';
import { retailRatingFor } from '../../src/roaming/retailRating';
import { rateWithTariff } from '../../src/roaming/rateWithTariff';
import type { Cdr } from '../../src/tariff/types';
import { useTestDatabase, type TestDatabaseKind } from '../helpers/db';
import { DRIVER_TOKEN, RETAIL_TARIFF, WHOLESALE_TARIFF, sessionCdr } from './fixtures';

const pricedCdr = (overrides: Partial<Cdr> = {}): Cdr => {
  const { chargeledger_breakdown: _b, ...cdr } = rateWithTariff(
    sessionCdr(overrides),
    WHOLESALE_TARIFF,
    'Europe/Berlin',
  );
  return cdr;
};

describe.each<TestDatabaseKind>(['postgres', 'pglite'])('roaming repositories on %s', (kind) => {
  const t = useTestDatabase({ kind });
  let partnerId: string;

  beforeAll(async () => {
    const { partner } = await invitePartner(t.db, { name: 'Example Mobility', id: 'p-emp' });
    partnerId = partner.id;
    await updatePartnerConnection(t.db, partnerId, {
      status: 'registered',
      incomingToken: { token: 'their-token-C', kind: 'C' },
      outgoingToken: 'our-token-B',
      roles: [
        { role: 'CPO', countryCode: 'de', partyId: 'clg', businessName: 'Example CPO' },
        { role: 'EMSP', countryCode: 'NL', partyId: 'EMP', businessName: 'Example Mobility' },
      ],
    });
  });

  describe('partners', () => {
    it('finds a partner by the token it presents, never storing that token', async () => {
      expect((await findPartnerByToken(t.db, 'their-token-C'))?.partner.id).toBe(partnerId);
      expect(await findPartnerByToken(t.db, 'their-token-c')).toBeUndefined();
      const row = await t.db('roaming_partners').where({ id: partnerId }).first();
      expect(JSON.stringify(row)).not.toContain('their-token-C');
      expect(row.outgoing_token).toBe('our-token-B');
    });

    it('keeps party codes upper case and finds partners by party and role', async () => {
      expect((await findPartnerByParty(t.db, 'DE', 'CLG', 'CPO'))?.id).toBe(partnerId);
      expect(await findPartnerByParty(t.db, 'DE', 'CLG', 'EMSP')).toBeUndefined();
    });

    it('refuses a party that another connection already speaks for', async () => {
      const { partner } = await invitePartner(t.db, { name: 'Impostor' });
      await expect(
        updatePartnerConnection(t.db, partner.id, {
          roles: [{ role: 'EMSP', countryCode: 'NL', partyId: 'EMP', businessName: 'Impostor' }],
        }),
      ).rejects.toThrow('roles[0]: EMSP NL-EMP is already registered by another partner');
    });

    it('stores one agreement per direction, replaced by a put', async () => {
      const agreement = {
        partnerId,
        ourRole: 'CPO',
        wholesaleTariffId: 'T1',
        currency: 'EUR',
        settlementPeriod: 'monthly',
        paymentTermsDays: 30,
      } as const;
      await putAgreement(t.db, agreement);
      await putAgreement(t.db, { ...agreement, paymentTermsDays: 14, selfBilling: true });
      expect(await getAgreement(t.db, partnerId, 'CPO')).toMatchObject({
        paymentTermsDays: 14,
        selfBilling: true,
        wholesaleTariffId: 'T1',
      });
      await expect(putAgreement(t.db, { ...agreement, currency: 'eur' })).rejects.toThrow(InvalidRecordError);
    });
  });

  describe('deliveries', () => {
    it('count attempts; an accepted delivery stays accepted', async () => {
      const cdr = pricedCdr({ id: 'D-1' });
      await storeCdr(t.db, { cdr });
      await recordDeliveryAttempt(t.db, {
        cdrId: 'D-1',
        partnerId,
        outcome: 'retryable',
        httpStatus: 503,
        message: 'HTTP 503',
      });
      await recordDeliveryAttempt(t.db, {
        cdrId: 'D-1',
        partnerId,
        outcome: 'accepted',
        httpStatus: 201,
        ocpiStatus: 1000,
        location: 'https://x/1',
      });
      await recordDeliveryAttempt(t.db, {
        cdrId: 'D-1',
        partnerId,
        outcome: 'rejected',
        httpStatus: 200,
        ocpiStatus: 2001,
      });
      expect(await getDelivery(t.db, 'D-1', partnerId)).toMatchObject({
        status: 'accepted',
        attempts: 3,
        location: 'https://x/1',
        lastOcpiStatus: 2001,
      });
    });
  });

  describe('received CDRs', () => {
    const retail = {
      status: 'rated',
      totalExclVat: '13.025',
      totalInclVat: '15.76025',
      tariffId: 'NL-EMP-FLEX',
      tariffVersion: 1,
    } as const;

    it('are stored once per (country_code, party_id, id); other content is a conflict', async () => {
      const cdr = pricedCdr({ id: 'R-1' });
      expect((await storeReceivedCdr(t.db, { partnerId, cdr, retail })).outcome).toBe('inserted');
      expect(
        (await storeReceivedCdr(t.db, { partnerId, cdr: { ...cdr, party_id: 'clg' }, retail })).outcome,
      ).toBe('conflict');
      expect((await storeReceivedCdr(t.db, { partnerId, cdr, retail })).outcome).toBe('duplicate');
      const [record] = await listReceivedCdrs(t.db, { partnerId });
      expect(record).toMatchObject({
        cdrId: 'R-1',
        totalCostExclVat: '9.375',
        retail: { totalInclVat: '15.76025' },
        state: 'received',
      });
    });

    it('keep OCPI times without zone as UTC', async () => {
      const cdr = pricedCdr({ id: 'R-2', last_updated: '2025-03-10T10:31:00' });
      const { record } = await storeReceivedCdr(t.db, { partnerId, cdr, retail });
      expect(record.lastUpdated).toBe('2025-03-10T10:31:00.000Z');
    });

    it('move to invoiced once, idempotently for the same reference', async () => {
      const [record] = await listReceivedCdrs(t.db, { partnerId, state: 'received' });
      expect(await markReceivedCdrInvoiced(t.db, record.recordId, 'INV-1')).toMatchObject({
        marked: true,
        record: { state: 'invoiced' },
      });
      expect(await markReceivedCdrInvoiced(t.db, record.recordId, 'INV-1')).toMatchObject({ marked: true });
      expect(await markReceivedCdrInvoiced(t.db, record.recordId, 'INV-2')).toMatchObject({
        marked: false,
        record: { invoiceReference: 'INV-1' },
      });
    });
  });

  describe('disputes and statements', () => {
    const key = {
      partnerId: 'p-emp',
      direction: 'received',
      countryCode: 'DE',
      partyId: 'CLG',
      cdrId: 'R-1',
    } as const;

    it('a dispute opens once; withdrawn, it can be opened again', async () => {
      const first = await openDispute(t.db, { ...key, reason: 'too long' });
      expect(first.opened).toBe(true);
      expect(await openDispute(t.db, { ...key, reason: 'again' })).toMatchObject({
        opened: false,
        dispute: { reason: 'too long' },
      });
      await withdrawDispute(t.db, first.dispute.id);
      expect((await openDispute(t.db, { ...key, reason: 'new evidence' })).opened).toBe(true);
      expect((await listDisputes(t.db, { partnerId })).map((d) => d.status)).toEqual(['withdrawn', 'open']);
    });

    it('statements are versioned; an unchanged one is not stored again; rows cannot be altered', async () => {
      const base = {
        partnerId,
        periodStart: '2025-03-01T00:00:00Z',
        periodEnd: '2025-04-01T00:00:00Z',
        currency: 'EUR',
        receivableInclVat: '1.00',
        payableInclVat: '0',
        netInclVat: '1.00',
      };
      const v1 = await storeStatement(t.db, {
        ...base,
        statement: { lines: 1, generatedAt: 'a' },
        contentKey: { lines: 1 },
      });
      const same = await storeStatement(t.db, {
        ...base,
        statement: { lines: 1, generatedAt: 'b' },
        contentKey: { lines: 1 },
      });
      const v2 = await storeStatement(t.db, { ...base, statement: { lines: 2 } });
      expect([v1.record.version, same.created, same.record.version, v2.record.version]).toEqual([
        1,
        false,
        1,
        2,
      ]);
      await expect(
        t.db('settlement_statements').where({ id: v1.record.id }).update({ net_incl_vat: 0 }),
      ).rejects.toThrow(/immutable/);
    });
  });

  describe('retail re-rating', () => {
    beforeAll(async () => {
      await putTariffVersion(t.db, RETAIL_TARIFF);
      await upsertToken(t.db, DRIVER_TOKEN);
      await upsertToken(t.db, { ...DRIVER_TOKEN, uid: 'NO-TARIFF', tariffId: null });
    });

    it("prices with the contract's retail tariff in the location's zone", async () => {
      expect(await retailRatingFor(t.db, pricedCdr())).toMatchObject({
        status: 'rated',
        totalExclVat: '13.025',
        tariffId: 'NL-EMP-FLEX',
        message: undefined,
      });
    });

    it('says why it cannot price', async () => {
      const token = (uid: string) => ({ ...sessionCdr().cdr_token, uid });
      expect(await retailRatingFor(t.db, pricedCdr({ cdr_token: token('UNKNOWN') }))).toMatchObject({
        status: 'unknown_token',
      });
      expect(await retailRatingFor(t.db, pricedCdr({ cdr_token: token('NO-TARIFF') }))).toMatchObject({
        status: 'no_retail_tariff',
        message: `contract ${DRIVER_TOKEN.contractId} names no retail tariff`,
      });
      expect(
        await retailRatingFor(t.db, pricedCdr({ cdr_token: token('NO-TARIFF') }), {
          defaultRetailTariffId: 'NL-EMP-FLEX',
        }),
      ).toMatchObject({ status: 'rated', totalExclVat: '13.025' });
    });

    it('rates in UTC, and says so, where the country has several zones', async () => {
      const inSpain = pricedCdr({ cdr_location: { ...sessionCdr().cdr_location, country: 'ESP' } });
      expect(await retailRatingFor(t.db, inSpain)).toMatchObject({
        status: 'rated',
        message: 'no time zone known for ESP: rated in UTC',
      });
    });
  });
});

test('credentials tokens are 256 random bits in 43 base64url characters, never starting with "-"', () => {
  // A token with a leading "-" read as an option where a partner pastes it (chargeledger roaming register).
  const tokens = Array.from({ length: 3000 }, () => newCredentialsToken());
  for (const token of tokens) expect(token).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{42}$/);
  expect(new Set(tokens).size).toBe(tokens.length);
});
