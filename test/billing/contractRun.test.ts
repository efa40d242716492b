// Contract runs: which CDRs a period holds (the customer's tokens, ended in the period in the customer's
// time zone, rated, not invoiced, not cancelled by a credit CDR), and one invoice per customer and
// period however often the run is repeated.
import {
  contractPeriodContaining,
  issueContractInvoice,
  previousContractPeriod,
  sessionsToInvoice,
  BillingInputError,
} from '../../src/billing';
import { storeCdr } from '../../src/db';
import { useTestDatabase } from '../helpers/db';
import {
  driver,
  dutchFleet,
  fleet,
  ratedCdr,
  seedParties,
  storeSessions,
  tokenUidOf,
  type SessionShape,
} from './fixtures';

const session = (id: string, customerId: string, start: string, chargingSeconds = 3600): SessionShape => ({
  id,
  tokenUid: tokenUidOf(customerId),
  start,
  energyKwh: 10.5,
  chargingSeconds,
  parkingSeconds: 0,
});

describe('contract periods', () => {
  it('are calendar months or quarters', () => {
    expect(contractPeriodContaining('monthly', '2026-02-14')).toEqual({
      start: '2026-02-01',
      end: '2026-02-28',
    });
    expect(contractPeriodContaining('quarterly', '2026-05-31')).toEqual({
      start: '2026-04-01',
      end: '2026-06-30',
    });
    expect(previousContractPeriod('monthly', '2026-04-01')).toEqual({
      start: '2026-03-01',
      end: '2026-03-31',
    });
    expect(previousContractPeriod('quarterly', '2026-01-15')).toEqual({
      start: '2025-10-01',
      end: '2025-12-31',
    });
    expect(() => contractPeriodContaining('monthly', '2026-13-01')).toThrow(BillingInputError);
  });
});

describe('sessionsToInvoice and issueContractInvoice', () => {
  const t = useTestDatabase();
  const march = { start: '2026-03-01', end: '2026-03-31' };

  beforeAll(async () => {
    await seedParties(t.db);
    await storeSessions(t.db, [
      // Ends 00:30 on 1 March in Berlin (23:30 UTC the day before): March.
      session('EARLY', fleet.id, '2026-02-28T22:30:00Z'),
      session('MID', fleet.id, '2026-03-15T09:00:00Z'),
      // Ends 00:30 on 1 April in Berlin (summer time, 22:30 UTC on 31 March): April.
      session('LATE', fleet.id, '2026-03-31T21:30:00Z'),
      session('CANCELLED', fleet.id, '2026-03-20T09:00:00Z'),
      session('OTHER-CUSTOMER', driver.id, '2026-03-15T10:00:00Z'),
      // Amsterdam is in the same zone offsets as Berlin; ends 23:59 local on 31 March.
      session('NL-LAST', dutchFleet.id, '2026-03-31T20:59:00Z'),
    ]);
    const cancelled = ratedCdr(session('CANCELLED', fleet.id, '2026-03-20T09:00:00Z'));
    await storeCdr(t.db, {
      cdr: { ...cancelled, id: 'CANCELLED-CREDIT', credit: true, credit_reference_id: 'CANCELLED' },
    });
    const {
      total_cost: _cost,
      chargeledger_breakdown: _breakdown,
      ...unrated
    } = ratedCdr(session('UNRATED', fleet.id, '2026-03-16T09:00:00Z'));
    await storeCdr(t.db, { cdr: unrated });
  });

  it('selects the period in the customer’s time zone, leaving out cancelled, unrated and other customers’ CDRs', async () => {
    const selected = await sessionsToInvoice(t.db, {
      customerId: fleet.id,
      periodStart: march.start,
      periodEnd: march.end,
    });
    expect(selected.map((record) => record.id)).toEqual(['EARLY', 'MID']);
    const dutch = await sessionsToInvoice(t.db, {
      customerId: dutchFleet.id,
      periodStart: march.start,
      periodEnd: march.end,
    });
    expect(dutch.map((record) => record.id)).toEqual(['NL-LAST']);
    await expect(
      sessionsToInvoice(t.db, { customerId: fleet.id, periodStart: '2026-03-31', periodEnd: '2026-03-01' }),
    ).rejects.toThrow('periodEnd: the period ends (2026-03-01) before it starts (2026-03-31)');
  });

  it('issues one invoice per customer and period, then finds nothing left to invoice', async () => {
    const first = await issueContractInvoice(t.db, {
      customerId: fleet.id,
      period: march,
      issueDate: '2026-04-01',
    });
    expect(first).toMatchObject({
      created: true,
      record: { number: 'INV-2026-000001', idempotencyKey: 'run:C-10042:2026-03-01..2026-03-31' },
    });
    expect(first!.record.servicePeriod).toEqual(march);
    expect(first!.record.invoice.lines.map((line) => line.cdrId)).toEqual(['EARLY', 'MID']);
    const repeated = await issueContractInvoice(t.db, {
      customerId: fleet.id,
      period: march,
      issueDate: '2026-04-02',
    });
    expect(repeated).toMatchObject({ created: false, record: { id: first!.record.id } });
    expect(
      await sessionsToInvoice(t.db, { customerId: fleet.id, periodStart: march.start, periodEnd: march.end }),
    ).toEqual([]);
    const april = { start: '2026-04-01', end: '2026-04-30' };
    const next = await issueContractInvoice(t.db, {
      customerId: fleet.id,
      period: april,
      issueDate: '2026-05-01',
    });
    expect(next!.record.invoice.lines.map((line) => line.cdrId)).toEqual(['LATE']);
    expect(
      await issueContractInvoice(t.db, {
        customerId: fleet.id,
        period: { start: '2026-05-01', end: '2026-05-31' },
        issueDate: '2026-06-01',
      }),
    ).toBeUndefined();
  });

  it('invoices a reverse-charge customer with category AE and no VAT', async () => {
    const issued = await issueContractInvoice(t.db, {
      customerId: dutchFleet.id,
      period: march,
      issueDate: '2026-04-01',
    });
    expect(issued!.record.invoice.vatBreakdown.map((group) => [group.category, group.rate])).toEqual([
      ['AE', '0'],
    ]);
    expect(issued!.record.totals.vat).toBe('0.00');
    expect(issued!.record.invoice.language).toBe('en');
  });
});
