// Contract invoicing end to end: a month of rated sessions for three fleet customers in different time
// zones; the invoiceRun workflow issues one invoice per customer for the last complete month *in the
// customer's zone* (twice started directly, once by the customer's real Temporal Schedule triggered
// with schedule.trigger()), charges the card customer's saved payment method at stripe-mock, archives
// and e-mails each invoice. Numbers are gapless, a repeated run changes nothing, and the CSV exports
// reconcile: invoice totals equal the invoiced nets of the CDRs they cover.
import { randomBytes } from 'node:crypto';
import Decimal from 'decimal.js';
import { DateTime } from 'luxon';
import { ensureInvoiceSchedules, invoiceScheduleId } from '../../src/billing/schedules';
import { upsertCustomer, upsertIssuer, upsertToken, type CdrRecord } from '../../src/db';
import type { CustomerInput } from '../../src/db/repos/customers';
import { emailDeliveriesOf } from '../../src/db/repos/emailDeliveries';
import { listInvoices } from '../../src/db/repos/invoices';
import { openExport } from '../../src/export';
import type { InvoiceRunResult } from '../../workflows/billingMessages';
import { fleet, issuerInput, storeSessions, type SessionShape } from '../billing/fixtures';
import { collect, csvObjects } from '../export/csvText';
import { useTestDatabase } from '../helpers/db';
import { useBillingRig } from './billingRig';

// Stripe calls reach the run's stripe-mock (STRIPE_API_BASE) through the rig's recording tap.
const testDb = useTestDatabase();
const billing = useBillingRig(testDb);

// Customer ids of their own: workflow ids derive from them and the Temporal server is shared by the run.
const suffix = randomBytes(3).toString('hex');
type Fleet = CustomerInput & { timeZone: string; email: string };
const customer = (id: string, timeZone: string, extra: Partial<CustomerInput> = {}): Fleet => ({
  ...fleet,
  ...extra,
  id: `${id}-${suffix}`,
  timeZone,
  email: `${id.toLowerCase()}@fleet.example`,
});
const berlin = customer('FLEET-BER', 'Europe/Berlin');
const newYork = customer('FLEET-NYC', 'America/New_York', {
  paymentMethod: 'card',
  stripeCustomerId: 'cus_nyc_fleet',
  stripePaymentMethodId: 'pm_card_visa',
});
const tokyo = customer('FLEET-TYO', 'Asia/Tokyo');
const CUSTOMERS = [berlin, newYork, tokyo];

/** The last complete month before now in the customer's zone: what a run started now invoices. */
function lastMonth(zone: string) {
  const start = DateTime.now().setZone(zone).startOf('month').minus({ months: 1 });
  return { start, period: { start: start.toISODate()!, end: start.endOf('month').toISODate()! } };
}

/** A session of `minutes` charging (11 kW) that ends at the given local time. */
function endingAt(id: string, tokenUid: string, localEnd: DateTime, minutes = 45): SessionShape {
  const start = localEnd.minus({ minutes }).toUTC().toISO()!;
  return {
    id,
    tokenUid,
    start,
    energyKwh: (11 * minutes) / 60,
    chargingSeconds: minutes * 60,
    parkingSeconds: 0,
  };
}

interface Seeded {
  inPeriod: CdrRecord[];
  outside: CdrRecord[];
}

/** Eight sessions through the month, one ending 23:50 local on its last day, and two just outside it. */
async function seedCustomer(c: Fleet): Promise<Seeded> {
  const tokenUid = `TOKEN-${c.id}`;
  await upsertCustomer(testDb.db, c);
  await upsertToken(testDb.db, {
    uid: tokenUid,
    countryCode: 'DE',
    partyId: 'VWK',
    type: 'RFID',
    contractId: `DE-VWK-${c.id}`,
    customerId: c.id,
  });
  const { start } = lastMonth(c.timeZone);
  const monthly = Array.from({ length: 8 }, (_, i) =>
    endingAt(`CDR-${c.id}-${i + 1}`, tokenUid, start.plus({ days: 3 * i + 1, hours: 8 + i }), 20 + 10 * i),
  );
  const lastEvening = endingAt(
    `CDR-${c.id}-LAST`,
    tokenUid,
    start.endOf('month').set({ hour: 23, minute: 50 }),
  );
  const before = endingAt(`CDR-${c.id}-BEFORE`, tokenUid, start.minus({ minutes: 10 }));
  const after = endingAt(`CDR-${c.id}-AFTER`, tokenUid, start.plus({ months: 1, minutes: 10 }));
  const inPeriod = await storeSessions(testDb.db, [...monthly, lastEvening]);
  const outside = await storeSessions(testDb.db, [before, after]);
  return { inPeriod, outside };
}

const seeded = new Map<string, Seeded>();
const results = new Map<string, InvoiceRunResult>();

beforeAll(async () => {
  await upsertIssuer(testDb.db, issuerInput);
  for (const c of CUSTOMERS) seeded.set(c.id, await seedCustomer(c));
}, 60_000);

describe('the invoiceRun workflow', () => {
  it('issues one invoice per customer for the last complete month in the customer’s time zone', async () => {
    const { client, temporal } = billing.current;
    for (const c of [berlin, newYork]) {
      results.set(
        c.id,
        await client.workflow.execute('invoiceRun', {
          workflowId: `invoice-run-${c.id}-now`,
          taskQueue: temporal.taskQueue,
          args: [{ customerId: c.id }],
        }),
      );
    }
    for (const c of [berlin, newYork]) {
      expect(results.get(c.id)).toMatchObject({ outcome: 'invoiced', period: lastMonth(c.timeZone).period });
      await expectBilledInPeriod(c);
    }
  }, 120_000);

  it('is started by the customer’s Temporal Schedule: 03:00 on the 1st in the customer’s zone', async () => {
    const { client, temporal } = billing.current;
    const sync = await ensureInvoiceSchedules(client, testDb.db, { taskQueue: temporal.taskQueue });
    const tokyoSchedule = invoiceScheduleId(temporal.taskQueue, tokyo.id);
    expect(sync.created.sort()).toEqual(
      CUSTOMERS.map((c) => invoiceScheduleId(temporal.taskQueue, c.id)).sort(),
    );
    // Idempotent: a second start changes nothing.
    expect(await ensureInvoiceSchedules(client, testDb.db, { taskQueue: temporal.taskQueue })).toMatchObject({
      created: [],
      updated: [],
      deleted: [],
    });

    const handle = client.schedule.getHandle(tokyoSchedule);
    const description = await handle.describe();
    expect(description.spec.timezone).toBe('Asia/Tokyo');
    expect(description.spec.calendars?.[0]).toMatchObject({
      dayOfMonth: [{ start: 1, end: 1, step: 1 }],
      hour: [{ start: 3, end: 3, step: 1 }],
      minute: [{ start: 0, end: 0, step: 1 }],
    });
    const next = DateTime.fromJSDate(description.info.nextActionTimes[0]).setZone('Asia/Tokyo');
    expect([next.day, next.hour, next.minute]).toEqual([1, 3, 0]);

    await handle.trigger();
    const workflowId = await waitFor(async () => {
      const { info } = await handle.describe();
      return info.recentActions[0]?.action.workflow.workflowId;
    });
    const result: InvoiceRunResult = await client.workflow.getHandle(workflowId).result();
    results.set(tokyo.id, result);
    expect(result).toMatchObject({ outcome: 'invoiced', period: lastMonth('Asia/Tokyo').period });
    await expectBilledInPeriod(tokyo);
  }, 120_000);

  it('numbers the three invoices gaplessly, charges the card customer and e-mails each once', async () => {
    const invoices = await listInvoices(testDb.db, { kind: 'invoice' });
    expect(invoices.map((i) => i.number).sort()).toEqual([
      'INV-2026-000001',
      'INV-2026-000002',
      'INV-2026-000003',
    ]);
    const byCustomer = new Map(invoices.map((i) => [i.customerId, i]));
    expect(byCustomer.get(berlin.id)!.status).toBe('open');
    expect(byCustomer.get(tokyo.id)!.status).toBe('open');
    expect(results.get(berlin.id)).toMatchObject({
      notCharged: `customer ${berlin.id} pays by bank transfer`,
    });

    const nyc = byCustomer.get(newYork.id)!;
    const grossCents = new Decimal(nyc.totals.gross).times(100).toFixed(0);
    const runKey = `run:${newYork.id}:${lastMonth(newYork.timeZone).period.start}..${lastMonth(newYork.timeZone).period.end}`;
    expect(billing.current.stripe.to('/v1/payment_intents')).toEqual([
      expect.objectContaining({
        idempotencyKey: `chargeledger:${encodeURIComponent(runKey)}:charge`,
        form: expect.objectContaining({
          amount: grossCents,
          currency: 'eur',
          customer: 'cus_nyc_fleet',
          payment_method: 'pm_card_visa',
          off_session: 'true',
          confirm: 'true',
        }),
      }),
    ]);

    const mails = await billing.current.smtp.waitForMessages(3);
    expect(mails.map((m) => m.envelope.to[0]).sort()).toEqual(CUSTOMERS.map((c) => c.email).sort());
    for (const invoice of invoices) {
      expect(await emailDeliveriesOf(testDb.db, invoice.id)).toEqual([
        expect.objectContaining({ status: 'sent', attempts: 1 }),
      ]);
    }
  });

  it('a repeated run of a period finds its invoice and sends nothing again', async () => {
    const { client, temporal } = billing.current;
    const again: InvoiceRunResult = await client.workflow.execute('invoiceRun', {
      workflowId: `invoice-run-${berlin.id}-again`,
      taskQueue: temporal.taskQueue,
      args: [{ customerId: berlin.id, period: lastMonth(berlin.timeZone).period }],
    });
    expect(again).toMatchObject({
      outcome: 'invoiced',
      invoice: { created: false },
      email: { outcome: 'already_sent' },
    });
    expect(await listInvoices(testDb.db, { kind: 'invoice' })).toHaveLength(3);
    expect(billing.current.stripe.to('/v1/payment_intents')).toHaveLength(1);
  });

  it('reconciles: the invoice CSV export totals equal the invoiced nets of the CDR CSV export', async () => {
    // Issued on the run's day in each customer's zone: yesterday in New York may be today in Tokyo.
    const from = DateTime.now().minus({ days: 1 }).toISODate()!;
    const to = DateTime.now().plus({ days: 1 }).toISODate()!;
    const invoiceRows = csvObjects(
      (
        await collect((await openExport(testDb.db, { dataset: 'invoices', format: 'csv', from, to })).stream)
      ).toString('utf8'),
    );
    const cdrRows = csvObjects(
      (
        await collect(
          (
            await openExport(testDb.db, {
              dataset: 'cdrs',
              format: 'csv',
              from: '2000-01-01',
              to: '2100-01-01',
            })
          ).stream,
        )
      ).toString('utf8'),
    );
    const sum = (values: string[]) => values.reduce((total, v) => total.plus(v || 0), new Decimal(0));
    const invoicedCdrs = cdrRows.filter((row) => row.invoice_number);
    expect(invoiceRows).toHaveLength(3);
    expect(invoicedCdrs).toHaveLength(27);
    // Exactly: every invoice is the sum of its sessions' rounded nets.
    expect(sum(invoicedCdrs.map((r) => r.invoiced_net)).toFixed(2)).toBe(
      sum(invoiceRows.map((r) => r.net)).toFixed(2),
    );
    for (const row of invoiceRows) {
      const covered = invoicedCdrs.filter((cdr) => cdr.invoice_number === row.number);
      expect(sum(covered.map((r) => r.invoiced_net)).toFixed(2)).toBe(new Decimal(row.net).toFixed(2));
      // Against the CDRs' own OCPI totals: at most ½ cent per priced component plus the 4-decimal rounding.
      const ocpi = sum(covered.map((r) => r.total_cost_excl_vat));
      expect(
        ocpi
          .minus(row.net)
          .abs()
          .lte(new Decimal('0.005').times(4 * covered.length)),
      ).toBe(true);
    }
    // The sessions just outside each customer's month are left for their own period.
    const outside = CUSTOMERS.flatMap((c) => seeded.get(c.id)!.outside.map((cdr) => cdr.id));
    expect(cdrRows.filter((row) => outside.includes(row.id)).every((row) => !row.invoice_number)).toBe(true);
  });
});

/** The customer's invoice covers exactly the sessions that ended in its month, read in its zone. */
async function expectBilledInPeriod(c: Fleet): Promise<void> {
  const [invoice, ...more] = await listInvoices(testDb.db, { customerId: c.id });
  expect(more).toEqual([]);
  const billed = invoice.invoice.lines.map((line) => line.cdrId).sort();
  expect(billed).toEqual(
    seeded
      .get(c.id)!
      .inPeriod.map((cdr) => cdr.id)
      .sort(),
  );
}

async function waitFor<T>(probe: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`nothing after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
