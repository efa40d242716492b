// When Stripe refuses. stripe-mock accepts every test payment method (it has no declining cards: it
// answers every PaymentIntent with a fixture), so the refusals here are Stripe's own answer to a key it
// does not accept: 401, an authentication failure, final like a declined card (no retry can change it).
// - At authorization: the worker's key is refused → the hold fails → StartTransaction is answered
//   Blocked, the charger stops, no CDR, no bill, no invoice.
// - At capture: the hold was placed with a good key, then (the operator revoked it) the worker settling
//   the bill has a refused key → the invoice is issued `payment_failed`, printed "the card payment did
//   not go through" with the transfer details, and e-mailed (the mail server defers the first attempt:
//   Temporal retries it, the delivery row counts both); the session and its CDR are untouched.
import { WorkflowNotFoundError } from '@temporalio/client';
import {
  getCdrForSession,
  getSession,
  linkTokenToCustomer,
  upsertCustomer,
  upsertIssuer,
} from '../../src/db';
import { emailDeliveriesOf } from '../../src/db/repos/emailDeliveries';
import { getInvoiceDocument } from '../../src/db/repos/invoiceDocuments';
import { findInvoiceByKey, listInvoices } from '../../src/db/repos/invoices';
import { runChargingScenario } from '../../src/sim';
import { billSessionWorkflowId, type SessionBillResult } from '../../workflows/billingMessages';
import { sessionWorkflowId } from '../../workflows/chargeSessionMessages';
import { issuerInput } from '../billing/fixtures';
import { useTestDatabase } from '../helpers/db';
import { havePoppler, pdfText } from '../invoice/poppler';
import { BERLIN_EVENING, BERLIN_EVENING_TOTALS } from '../lifecycle/berlinScenario';
import { TOKEN_UID } from '../lifecycle/fixtures';
import { connectBerlinCharger } from '../lifecycle/lifecycleRig';
import { cardDriver, startTestWorker, useBillingRig, type TestWorker } from './billingRig';

// Stripe calls reach the run's stripe-mock (STRIPE_API_BASE) through the rig's recording tap.
const testDb = useTestDatabase();
// The mail server defers the first message it is given (451): delivery is retried by Temporal.
let deferNextMail = false;
const billing = useBillingRig(testDb, {
  stack: { worker: false },
  smtp: {
    onMessage: () => {
      if (!deferNextMail) return undefined;
      deferNextMail = false;
      return { code: 451, message: 'Try again later' };
    },
  },
});
const REFUSED_KEY = 'not_a_key';

let worker: TestWorker | undefined;
afterEach(async () => {
  await worker?.stop();
  worker = undefined;
});

beforeAll(async () => {
  await upsertIssuer(testDb.db, issuerInput);
  await upsertCustomer(testDb.db, cardDriver);
});

async function driverCharger(prefix: string) {
  const charger = await connectBerlinCharger(billing.current, testDb.db, prefix, '1.6');
  await linkTokenToCustomer(testDb.db, TOKEN_UID, cardDriver.id);
  return charger;
}

it('a card refused at authorization refuses the charger: Blocked, no CDR, no invoice', async () => {
  const rig = billing.current;
  worker = await startTestWorker(rig, testDb.db, rig.billingWith(REFUSED_KEY));
  const charger = await driverCharger('DECL');
  const requestsBefore = rig.stripe.requests.length;
  const run = await runChargingScenario(charger, BERLIN_EVENING).finally(() => charger.close());

  expect(run.authorizationStatus).toBe('Blocked');
  expect(run.energyWh).toBe('0');
  const sessionId = sessionWorkflowId(charger.chargePointId, run.transactionId!);
  expect(await rig.client.workflow.getHandle(sessionId).result()).toBeNull();
  expect(rig.stripe.requests.slice(requestsBefore)).toEqual([
    expect.objectContaining({ method: 'POST', path: '/v1/payment_intents', status: 401 }),
  ]);
  expect(await getSession(testDb.db, sessionId)).toMatchObject({
    authStatus: 'Blocked',
    flags: { payment_refused: expect.stringMatching(/^card payment refused \(authentication\)/) },
  });
  expect(await getCdrForSession(testDb.db, sessionId)).toBeUndefined();
  await expect(rig.client.workflow.getHandle(billSessionWorkflowId(sessionId)).describe()).rejects.toThrow(
    WorkflowNotFoundError,
  );
  expect(await listInvoices(testDb.db)).toEqual([]);
});

it('a capture refused after the session leaves the invoice payment_failed and the CDR intact', async () => {
  const rig = billing.current;
  worker = await startTestWorker(rig, testDb.db, rig.billingWith('sk_test_123'));
  const charger = await driverCharger('CAPT');
  const swap = worker;
  // After the last meter values, before the charger's StopTransaction: the key is revoked.
  charger.afterMeterValues = async ({ count }) => {
    if (count !== BERLIN_EVENING_TOTALS.meterValues) return;
    await swap.stop();
    worker = await startTestWorker(rig, testDb.db, rig.billingWith(REFUSED_KEY));
  };
  deferNextMail = true;
  const run = await runChargingScenario(charger, BERLIN_EVENING).finally(() => charger.close());
  expect(run.authorizationStatus).toBe('Accepted');
  const sessionId = sessionWorkflowId(charger.chargePointId, run.transactionId!);

  const summary = await rig.client.workflow.getHandle(sessionId).result();
  expect(summary).toMatchObject({ totalCost: BERLIN_EVENING_TOTALS.totalCost });
  const bill: SessionBillResult = await rig.client.workflow
    .getHandle(billSessionWorkflowId(sessionId))
    .result();
  expect(bill).toMatchObject({
    outcome: 'invoiced',
    card: {
      state: 'failed',
      capturedMinor: 0,
      outstandingMinor: 779,
      refusals: [{ kind: 'authentication' }],
    },
    invoice: { status: 'payment_failed', gross: '7.79' },
    email: { outcome: 'sent', recipient: cardDriver.email, attempts: 2 },
  });
  expect(deferNextMail).toBe(false);
  expect(rig.smtp.messages).toHaveLength(1);
  const capture = rig.stripe.to('/v1/payment_intents/').filter((r) => r.path.endsWith('/capture'));
  expect(capture).toEqual([expect.objectContaining({ status: 401, form: { amount_to_capture: '779' } })]);

  const cdr = (await getCdrForSession(testDb.db, sessionId))!;
  expect(cdr.totals.cost).toEqual({ exclVat: '6.5515', inclVat: '7.7963' });
  expect(await getSession(testDb.db, sessionId)).toMatchObject({ status: 'rated', authStatus: 'Accepted' });
  const invoice = (await findInvoiceByKey(testDb.db, `session:${sessionId}`))!;
  expect(invoice).toMatchObject({
    status: 'payment_failed',
    totals: { net: '6.55', vat: '1.24', gross: '7.79' },
  });
  expect(await emailDeliveriesOf(testDb.db, invoice.id)).toEqual([
    expect.objectContaining({ status: 'sent', attempts: 2, lastError: null }),
  ]);
  if (havePoppler) {
    const text = pdfText((await getInvoiceDocument(testDb.db, invoice.id, 'pdf'))!.content);
    expect(text).toContain('The card payment did not go through. Please transfer €7.79');
  }
}, 120_000);
