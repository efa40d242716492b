// End to end, an ad hoc driver paying by card: a simulated charger speaks OCPP 1.6 to the gateway; the
// session workflow holds 50.00 EUR on the card at stripe-mock before answering StartTransaction; after
// the CDR, the billSession workflow captures the invoice gross from the hold, issues the invoice, archives
// its PDF and e-mails it to a real SMTP server. Running the bill again repeats nothing.
//
// The session is test/lifecycle's Berlin evening (TOD-1 tariff, 12 kWh across the 18:00 price change,
// 20 idle minutes). The invoice rounds each priced component once (src/invoice README), worked by hand:
//   session fee 0.50, energy 8.99 kWh × 0.30 = 2.697 → 2.70, 3.01 kWh × 0.45 = 1.3545 → 1.35,
//   idle 20 min × 6.00/h = 2.00; net 6.55; VAT 19 % of 6.55 = 1.2445 → 1.24; gross 7.79 (779 cents).
import { simpleParser } from 'mailparser';
import { getInvoiceDocument, linkTokenToCustomer, upsertCustomer, upsertIssuer } from '../../src/db';
import { emailDeliveriesOf } from '../../src/db/repos/emailDeliveries';
import { findInvoiceByKey } from '../../src/db/repos/invoices';
import { paymentsOfInvoice } from '../../src/db/repos/payments';
import { runChargingScenario } from '../../src/sim';
import { billSessionWorkflowId, type SessionBillResult } from '../../workflows/billingMessages';
import { sessionWorkflowId } from '../../workflows/chargeSessionMessages';
import { issuerInput } from '../billing/fixtures';
import { useTestDatabase } from '../helpers/db';
import { havePoppler, pdfText } from '../invoice/poppler';
import { BERLIN_EVENING } from '../lifecycle/berlinScenario';
import { TOKEN_UID } from '../lifecycle/fixtures';
import { connectBerlinCharger } from '../lifecycle/lifecycleRig';
import { cardDriver, useBillingRig } from './billingRig';

// stripe-mock (STRIPE_API_BASE from the run's globalSetup) answers every call; see billingRig.ts.
const testDb = useTestDatabase();
const billing = useBillingRig(testDb);

describe('an ad hoc card session, end to end', () => {
  let sessionId: string;
  let bill: SessionBillResult;

  beforeAll(async () => {
    const rig = billing.current;
    await upsertIssuer(testDb.db, issuerInput);
    await upsertCustomer(testDb.db, cardDriver);
    const charger = await connectBerlinCharger(rig, testDb.db, 'ADH', '1.6');
    await linkTokenToCustomer(testDb.db, TOKEN_UID, cardDriver.id);
    try {
      const run = await runChargingScenario(charger, BERLIN_EVENING);
      expect(run.authorizationStatus).toBe('Accepted');
      sessionId = sessionWorkflowId(charger.chargePointId, run.transactionId!);
    } finally {
      await charger.close();
    }
    await rig.client.workflow.getHandle(sessionId).result();
    bill = await rig.client.workflow.getHandle(billSessionWorkflowId(sessionId)).result();
  }, 120_000);

  it('holds 50.00 EUR at start and captures the invoice gross, each call under its own key', () => {
    const { stripe } = billing.current;
    const [hold, ...others] = stripe.to('/v1/payment_intents');
    expect(hold).toMatchObject({
      method: 'POST',
      path: '/v1/payment_intents',
      status: 200,
      idempotencyKey: `chargeledger:${sessionId}:hold`,
      form: expect.objectContaining({
        amount: '5000',
        currency: 'eur',
        capture_method: 'manual',
        confirm: 'true',
        payment_method: 'pm_card_visa',
        customer: 'cus_jonas',
        'metadata[session_id]': sessionId,
      }),
    });
    expect(others).toEqual([
      {
        method: 'POST',
        path: expect.stringMatching(/^\/v1\/payment_intents\/pi_\w+\/capture$/),
        status: 200,
        idempotencyKey: `chargeledger:bill-${sessionId}:settle/capture`,
        form: { amount_to_capture: '779' },
      },
    ]);
  });

  it('issues one invoice for the session with the hand-worked totals, open until Stripe reports the money', async () => {
    expect(bill).toMatchObject({
      outcome: 'invoiced',
      invoice: { number: 'INV-2026-000001', gross: '7.79', currency: 'EUR', created: true },
      // stripe-mock answers the capture with its fixture status (requires_payment_method), not
      // succeeded: the invoice is not marked paid on a report that does not say so.
      card: { state: 'unpaid', capturedMinor: 779, outstandingMinor: 0, refusals: [] },
    });
    const invoice = (await findInvoiceByKey(testDb.db, `session:${sessionId}`))!;
    expect(invoice.totals).toEqual({ net: '6.55', vat: '1.24', gross: '7.79' });
    expect(invoice.status).toBe('open');
    const payments = await paymentsOfInvoice(testDb.db, invoice.id);
    expect(payments).toHaveLength(1);
    expect(payments[0]).toMatchObject({
      amountMinor: 5000,
      currency: 'EUR',
      idempotencyKey: `chargeledger:${sessionId}:hold`,
      events: [
        expect.objectContaining({ kind: 'captured', data: expect.objectContaining({ grossMinor: 779 }) }),
      ],
    });
  });

  (havePoppler ? it : it.skip)(
    'archives a PDF that reads number, lines, VAT, totals and the tariff in words',
    async () => {
      const invoice = (await findInvoiceByKey(testDb.db, `session:${sessionId}`))!;
      const pdf = (await getInvoiceDocument(testDb.db, invoice.id, 'pdf'))!.content;
      expect(bill.outcome === 'invoiced' && bill.pdf.bytes).toBe(pdf.length);
      const text = pdfText(pdf);
      if (process.env.DEBUG_PDF) console.log(text);
      expect(text).toMatch(/Number\s+INV-2026-000001/);
      expect(text).toContain('Jonas Fahrer');
      expect(text).toContain('Kantstraße Parkhaus');
      expect(text).toMatch(/Session fee\s+1 session\s+€0\.50\s+19%\s+€0\.50/);
      expect(text).toMatch(/Energy\s+8\.990 kWh\s+€0\.30\s+19%\s+€2\.70/);
      expect(text).toMatch(/Energy\s+3\.010 kWh\s+€0\.45\s+19%\s+€1\.35/);
      expect(text).toMatch(/Idle fee \(connected, not charging\)\s+0\.3333 h\s+€6\.00\s+19%\s+€2\.00/);
      expect(text).toMatch(/Standard rate 19%\s+€6\.55\s+€1\.24/);
      expect(text).toMatch(/Total net\s+€6\.55/);
      expect(text).toMatch(/Total VAT\s+€1\.24/);
      expect(text).toMatch(/Total\s+€7\.79/);
      // Open (see above): the captured card payment is awaiting Stripe's confirmation, so the driver is
      // told it is being processed and is not asked to transfer the money as well.
      expect(text).toContain('The card payment of €7.79 is being processed.');
      expect(text).not.toContain('Please transfer');
      expect(text).not.toContain('Account holder');
      // The tariff in plain words (AFIR).
      expect(text).toContain('Energy: €0.30 per kWh (€0.357 incl. 19% VAT), from 06:00 to 18:00.');
      expect(text).toContain('Energy: €0.45 per kWh (€0.5355 incl. 19% VAT), otherwise.');
    },
  );

  it('e-mails the driver the invoice with exactly the archived PDF attached', async () => {
    const { smtp } = billing.current;
    const [mail] = await smtp.waitForMessages(1);
    expect(mail.envelope.to).toEqual(['jonas@example.org']);
    const parsed = await simpleParser(mail.raw);
    expect(parsed.subject).toBe('Invoice INV-2026-000001 from Voltwerk Ladenetz GmbH');
    expect(parsed.text).toContain('7.79');
    expect(parsed.html).toContain('INV-2026-000001');
    expect(parsed.attachments.map((a) => [a.filename, a.contentType])).toEqual([
      ['INV-2026-000001.pdf', 'application/pdf'],
    ]);
    const invoice = (await findInvoiceByKey(testDb.db, `session:${sessionId}`))!;
    const archived = (await getInvoiceDocument(testDb.db, invoice.id, 'pdf'))!.content;
    expect(Buffer.compare(parsed.attachments[0].content, archived)).toBe(0);
    expect(await emailDeliveriesOf(testDb.db, invoice.id)).toEqual([
      expect.objectContaining({ recipient: 'jonas@example.org', status: 'sent', attempts: 1 }),
    ]);
  });

  it('billing the session again calls Stripe for nothing, issues nothing and sends nothing', async () => {
    const { client, stripe, smtp, temporal } = billing.current;
    const requestsBefore = stripe.requests.length;
    const again: SessionBillResult = await client.workflow.execute('billSession', {
      workflowId: billSessionWorkflowId(sessionId),
      taskQueue: temporal.taskQueue,
      args: [{ sessionId }],
    });
    expect(again).toMatchObject({
      outcome: 'invoiced',
      invoice: { number: 'INV-2026-000001', created: false },
      email: { outcome: 'already_sent', recipient: 'jonas@example.org' },
    });
    expect(stripe.requests.length).toBe(requestsBefore);
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(smtp.messages).toHaveLength(1);
  });
});
