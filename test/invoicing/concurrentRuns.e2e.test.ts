// Fifty invoice workflows at once, one per customer, all numbering in the same issuer series: the
// counter row serialises them inside their issuing transactions, so the fifty invoices carry fifty
// distinct, consecutive numbers, with no gap and no duplicate.
import { randomBytes } from 'node:crypto';
import { upsertCustomer, upsertIssuer, upsertToken } from '../../src/db';
import { listInvoices } from '../../src/db/repos/invoices';
import type { InvoiceRunResult } from '../../workflows/billingMessages';
import { fleet, issuerInput, storeSessions } from '../billing/fixtures';
import { useTestDatabase } from '../helpers/db';
import { useBillingRig } from './billingRig';

const testDb = useTestDatabase();
const billing = useBillingRig(testDb);

const RUNS = 50;
const MARCH = { start: '2026-03-01', end: '2026-03-31' };
const suffix = randomBytes(3).toString('hex');
const customerIds = Array.from({ length: RUNS }, (_, i) => `PAR-${suffix}-${String(i + 1).padStart(2, '0')}`);

beforeAll(async () => {
  await upsertIssuer(testDb.db, issuerInput);
  for (const [i, id] of customerIds.entries()) {
    await upsertCustomer(testDb.db, { ...fleet, id, email: `${id.toLowerCase()}@fleet.example` });
    await upsertToken(testDb.db, {
      uid: `TOKEN-${id}`,
      countryCode: 'DE',
      partyId: 'VWK',
      type: 'RFID',
      contractId: `DE-VWK-${id}`,
      customerId: id,
    });
    await storeSessions(testDb.db, [
      {
        id: `CDR-${id}`,
        tokenUid: `TOKEN-${id}`,
        start: `2026-03-${String(1 + (i % 28)).padStart(2, '0')}T09:00:00Z`,
        energyKwh: 5 + i,
        chargingSeconds: 1800 + 60 * i,
        parkingSeconds: 0,
      },
    ]);
  }
}, 60_000);

it('50 invoice workflows at once get 50 distinct consecutive numbers', async () => {
  const { client, temporal } = billing.current;
  const results: InvoiceRunResult[] = await Promise.all(
    customerIds.map((customerId) =>
      client.workflow.execute('invoiceRun', {
        workflowId: `invoice-run-${customerId}-${MARCH.start}..${MARCH.end}`,
        taskQueue: temporal.taskQueue,
        args: [{ customerId, period: MARCH }],
      }),
    ),
  );
  expect(results.every((result) => result.outcome === 'invoiced')).toBe(true);
  const invoices = await listInvoices(testDb.db, { kind: 'invoice', limit: 1000 });
  expect(invoices).toHaveLength(RUNS);
  expect(invoices.map((invoice) => invoice.sequence).sort((a, b) => a - b)).toEqual(
    Array.from({ length: RUNS }, (_, i) => i + 1),
  );
  expect(new Set(invoices.map((invoice) => invoice.number)).size).toBe(RUNS);
  expect(new Set(invoices.map((invoice) => invoice.customerId))).toEqual(new Set(customerIds));
  // Each customer's invoice is its own run's: the number the workflow reported is the stored one.
  for (const result of results) {
    if (result.outcome !== 'invoiced') continue;
    const stored = invoices.find((invoice) => invoice.customerId === result.customerId)!;
    expect(result.invoice.number).toBe(stored.number);
  }
  await billing.current.smtp.waitForMessages(RUNS, 30_000);
}, 180_000);
