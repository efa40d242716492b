// e2e: the finance side of the HTTP API against the running stack (worker, Temporal, PostgreSQL,
// stripe-mock at STRIPE_API_BASE through the rig's tap, SMTP): an integrator sets up issuer and
// customers without SQL, runs a contract invoice by hand, reads invoices as JSON, PDF, CII and UBL,
// streams exports, corrects invoices with credit notes (refunded to the card when paid by card) and
// Stripe's signed webhooks settle open invoices; a tampered webhook is refused and changes nothing.
import { randomBytes } from 'node:crypto';
import { simpleParser } from 'mailparser';
import Stripe from 'stripe';
import { createApiClient, storeCdr } from '../../src/db';
import { decodeWindows1252 } from '../../src/export';
import { fleet, issuerInput, monthOfSessions, ratedCdr } from '../billing/fixtures';
import { csvObjects } from '../export/csvText';
import { useTestDatabase } from '../helpers/db';
import { useBillingRig } from './billingRig';

const WEBHOOK_SECRET = 'whsec_chargeledger_test';
const testDb = useTestDatabase();
const billing = useBillingRig(testDb, { api: true, stack: { api: { stripeWebhookSecret: WEBHOOK_SECRET } } });

const suffix = randomBytes(3).toString('hex');
const transferFleet = `API-TRANSFER-${suffix}`;
const cardFleet = `API-CARD-${suffix}`;
const MARCH = { start: '2026-03-01', end: '2026-03-31' };

let admin: string;
let readOnly: string;

async function call(method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const response = await fetch(`${billing.current.stack.api!.url}${path}`, {
    method,
    headers: {
      authorization: admin,
      ...(body !== undefined && { 'content-type': 'application/json' }),
      ...headers,
    },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const type = response.headers.get('content-type') ?? '';
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- asserted field by field
    json: (type.startsWith('application/json') ? JSON.parse(bytes.toString('utf8')) : undefined) as any,
  };
}

const { id: _issuerId, ...issuerBody } = issuerInput;
const customerBody = (email: string, extra: object = {}) => {
  const { id: _id, ...body } = fleet;
  return { ...body, email, ...extra };
};

beforeAll(async () => {
  admin = `Bearer ${(await createApiClient(testDb.db, { name: 'finance-admin', scopes: ['admin'] })).apiKey}`;
  readOnly = `Bearer ${(await createApiClient(testDb.db, { name: 'auditor', scopes: ['invoices:read'] })).apiKey}`;
});

describe('setting up billing over HTTP', () => {
  it('puts an issuer and two contract customers, and links tokens to them', async () => {
    expect((await call('PUT', '/v1/issuers/voltwerk', issuerBody)).status).toBe(201);
    expect((await call('PUT', '/v1/issuers/voltwerk', issuerBody)).status).toBe(200);
    const transfer = await call('PUT', `/v1/customers/${transferFleet}`, customerBody('ap@transfer.example'));
    expect(transfer.status).toBe(201);
    expect(transfer.json).toMatchObject({
      id: transferFleet,
      billingMode: 'contract',
      paymentMethod: 'bank_transfer',
    });
    const card = await call(
      'PUT',
      `/v1/customers/${cardFleet}`,
      customerBody('ap@card.example', {
        paymentMethod: 'card',
        stripeCustomerId: 'cus_card_fleet',
        stripePaymentMethodId: 'pm_card_visa',
      }),
    );
    expect(card.status).toBe(201);
    const bad = await call(
      'PUT',
      '/v1/customers/BROKEN',
      customerBody('x@y.example', { paymentMethod: 'card' }),
    );
    expect(bad.status).toBe(422);
    expect(bad.json.error.message).toMatch(/customer\.stripeCustomerId/);

    for (const customerId of [transferFleet, cardFleet]) {
      const uid = `TOKEN-${customerId}`;
      const token = await call('PUT', `/v1/tokens/${uid}`, {
        countryCode: 'DE',
        partyId: 'VWK',
        type: 'RFID',
        contractId: `DE-VWK-${customerId}`,
      });
      expect(token.status).toBe(201);
      expect((await call('PUT', `/v1/customers/${customerId}/tokens/${uid}`)).json).toEqual({
        customerId,
        tokenUid: uid,
      });
      for (const [i, shape] of monthOfSessions(customerId, 6, 7).entries()) {
        const priced = ratedCdr({ ...shape, id: `CDR-${customerId}-${i}`, tokenUid: uid });
        await storeCdr(testDb.db, { cdr: priced, breakdown: priced.chargeledger_breakdown });
      }
    }
  });
});

describe('invoices over HTTP', () => {
  const numbers: Record<string, string> = {};

  it('runs the contract invoice of a customer and period by hand, idempotently', async () => {
    for (const customerId of [transferFleet, cardFleet]) {
      const run = await call('POST', '/v1/invoice-runs', { customerId, period: MARCH });
      expect(run.status).toBe(200);
      expect(run.json).toMatchObject({
        outcome: 'invoiced',
        period: MARCH,
        invoice: { customerId, sessions: 6 },
      });
      numbers[customerId] = run.json.invoice.number;
    }
    expect(Object.values(numbers).sort()).toEqual(['INV-2026-000001', 'INV-2026-000002']);
    const again = await call('POST', '/v1/invoice-runs', { customerId: transferFleet, period: MARCH });
    expect(again.json.invoice.number).toBe(numbers[transferFleet]);
    const unknown = await call('POST', '/v1/invoice-runs', { customerId: 'NOBODY', period: MARCH });
    expect(unknown.status).toBe(404);
  }, 60_000);

  it('lists and reads invoices as JSON, PDF, CII and UBL', async () => {
    const list = await call('GET', '/v1/invoices?status=open&from=2026-01-01&to=2026-12-31');
    expect(list.status).toBe(200);
    expect(list.headers.get('x-total-count')).toBe('2');
    expect(list.json.map((i: { number: string }) => i.number).sort()).toEqual(Object.values(numbers).sort());

    const number = numbers[transferFleet];
    const detail = await call('GET', `/v1/invoices/${number}`);
    expect(detail.json).toMatchObject({
      number,
      kind: 'invoice',
      status: 'open',
      servicePeriod: MARCH,
      document: { number, kind: 'invoice', lines: expect.any(Array) },
      emails: [{ recipient: 'ap@transfer.example', status: 'sent', attempts: 1 }],
    });
    const pdf = await call('GET', `/v1/invoices/${number}/pdf`);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    expect(pdf.headers.get('content-disposition')).toBe(`attachment; filename="${number}.pdf"`);
    expect(pdf.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    // The file served is the one e-mailed (archived when the run delivered it).
    const mail = billing.current.smtp.messages.find((m) => m.envelope.to.includes('ap@transfer.example'))!;
    const [attached] = (await simpleParser(mail.raw)).attachments;
    expect(Buffer.compare(attached.content, pdf.bytes)).toBe(0);

    const cii = await call('GET', `/v1/invoices/${number}/xml`);
    expect(cii.headers.get('content-type')).toMatch(/^application\/xml/);
    expect(cii.bytes.toString()).toContain(`<ram:ID>${number}</ram:ID>`);
    const ubl = await call('GET', `/v1/invoices/${number}/ubl`);
    expect(ubl.bytes.toString()).toMatch(new RegExp(`<cbc:ID>${number}</cbc:ID>`));
    expect((await call('GET', '/v1/invoices/INV-1999-000001')).status).toBe(404);
  });

  it('refuses a client without the scope, and serves one that has it', async () => {
    const number = numbers[transferFleet];
    const denied = await call(
      'POST',
      `/v1/invoices/${number}/credit-notes`,
      { full: true, reason: 'x' },
      { authorization: readOnly },
    );
    expect(denied.status).toBe(403);
    expect(denied.json.error.message).toMatch(/invoices:write/);
    expect((await call('GET', `/v1/invoices/${number}`, undefined, { authorization: readOnly })).status).toBe(
      200,
    );
    expect(
      (
        await call('GET', '/v1/exports/invoices?from=2026-01-01&to=2026-12-31', undefined, {
          authorization: readOnly,
        })
      ).status,
    ).toBe(403);
  });

  it('settles an open card invoice on a signed payment_intent.succeeded; a tampered one gets 400', async () => {
    const number = numbers[cardFleet];
    const before = await call('GET', `/v1/invoices/${number}`);
    // stripe-mock answered the off-session charge with its fixture status: the invoice waits for Stripe.
    expect(before.json.status).toBe('open');
    const [payment] = before.json.payments;
    expect(payment).toMatchObject({ state: 'unpaid', currency: 'EUR' });

    const intent = await new Stripe('sk_test_123', stripeMockEndpoint()).paymentIntents.retrieve(
      payment.paymentIntentId,
    );
    const event = {
      id: `evt_${suffix}_succeeded`,
      object: 'event',
      api_version: '2026-10-28.endive',
      created: Math.floor(Date.now() / 1000),
      livemode: false,
      pending_webhooks: 1,
      request: { id: null, idempotency_key: null },
      type: 'payment_intent.succeeded',
      data: {
        object: {
          ...intent,
          id: payment.paymentIntentId,
          status: 'succeeded',
          currency: 'eur',
          amount: payment.amountMinor,
          amount_received: payment.amountMinor,
          amount_capturable: 0,
        },
      },
    };
    const payload = JSON.stringify(event);
    const tampered = payload.replace(`"amount_received":${payment.amountMinor}`, '"amount_received":1');
    const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret: WEBHOOK_SECRET });
    const post = (body: string, sig: string) =>
      call('POST', '/v1/webhooks/stripe', body, { 'stripe-signature': sig, authorization: '' });

    const refused = await post(tampered, signature);
    expect(refused.status).toBe(400);
    expect(refused.json.error).toMatchObject({
      code: 'malformed_request',
      message: expect.stringMatching(/signature/),
    });
    expect((await call('GET', `/v1/invoices/${number}`)).json.status).toBe('open');
    expect((await post(payload, 'nonsense')).status).toBe(400);

    const applied = await post(payload, signature);
    expect(applied.status).toBe(200);
    expect(applied.json).toEqual({ received: true, outcome: 'applied', invoiceStatus: 'paid' });
    expect((await post(payload, signature)).json).toMatchObject({ outcome: 'duplicate' });
    const after = await call('GET', `/v1/invoices/${number}`);
    expect(after.json).toMatchObject({ status: 'paid', payments: [{ state: 'paid' }] });
  });

  it('credits a paid card invoice in full and refunds it to the card under the credit note’s key', async () => {
    const number = numbers[cardFleet];
    const refundsBefore = billing.current.stripe.to('/v1/refunds').length;
    const body = { full: true, reason: 'Wrong tariff applied' };
    const credited = await call('POST', `/v1/invoices/${number}/credit-notes`, body);
    expect(credited.status).toBe(201);
    const gross = (await call('GET', `/v1/invoices/${number}`)).json.totals.gross as string;
    expect(credited.json).toMatchObject({
      creditNote: {
        number: 'CN-2026-000001',
        kind: 'credit_note',
        creditedInvoice: number,
        totals: { gross: `-${gross}` },
      },
      refund: { outcome: 'refunded', amountMinor: Math.round(Number(gross) * 100), currency: 'EUR' },
      email: { outcome: 'sent', recipient: 'ap@card.example' },
    });
    const refunds = billing.current.stripe.to('/v1/refunds').slice(refundsBefore);
    expect(refunds).toEqual([
      expect.objectContaining({
        idempotencyKey: `chargeledger:${encodeURIComponent('credit-note:voltwerk:CN-2026-000001')}:refund`,
        form: expect.objectContaining({
          amount: String(Math.round(Number(gross) * 100)),
          reason: 'requested_by_customer',
          'metadata[credit_note_number]': 'CN-2026-000001',
        }),
      }),
    ]);
    expect((await call('GET', `/v1/invoices/${number}`)).json.status).toBe('credited');
    // The same request again is the same credit note: nothing issued, nothing refunded twice.
    const again = await call('POST', `/v1/invoices/${number}/credit-notes`, body);
    expect(again.json.creditNote.number).toBe('CN-2026-000001');
    expect(billing.current.stripe.to('/v1/refunds').length).toBe(refundsBefore + 1);
  }, 60_000);

  it('credits some sessions of an open invoice: what is due shrinks, nothing is refunded', async () => {
    const number = numbers[transferFleet];
    const invoice = (await call('GET', `/v1/invoices/${number}`)).json;
    const line = invoice.document.lines[0].id as string;
    const credited = await call('POST', `/v1/invoices/${number}/credit-notes`, {
      lines: [line],
      reason: 'Session charged twice',
    });
    expect(credited.status).toBe(201);
    expect(credited.json).toMatchObject({
      creditNote: { number: 'CN-2026-000002', sessions: 1 },
      refund: { outcome: 'not_needed', reason: 'offset against the open invoice' },
    });
    expect((await call('GET', `/v1/invoices/${number}`)).json.status).toBe('partially_credited');
    const twice = await call('POST', `/v1/invoices/${number}/credit-notes`, {
      lines: [line],
      reason: 'again',
    });
    expect(twice.status).toBe(422);
    expect(twice.json.error.message).toMatch(/already credited/);
    const neither = await call('POST', `/v1/invoices/${number}/credit-notes`, { reason: 'no scope given' });
    expect(neither.status).toBe(422);
  }, 60_000);
});

describe('exports over HTTP', () => {
  it('streams invoices as CSV with its file name and row count', async () => {
    const csv = await call('GET', '/v1/exports/invoices?from=2026-01-01&to=2026-12-31&format=csv');
    expect(csv.status).toBe(200);
    expect(csv.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(csv.headers.get('content-disposition')).toBe(
      'attachment; filename="invoices_2026-01-01_2026-12-31.csv"',
    );
    expect(csv.headers.get('x-total-count')).toBe('2');
    expect(
      csvObjects(csv.bytes.toString('utf8'))
        .map((row) => row.number)
        .sort(),
    ).toEqual(['INV-2026-000001', 'INV-2026-000002']);
    const notes = await call('GET', '/v1/exports/credit-notes?from=2026-01-01&to=2026-12-31&format=ndjson');
    expect(
      notes.bytes
        .toString('utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line).number),
    ).toEqual(['CN-2026-000001', 'CN-2026-000002']);
  });

  it('streams a DATEV Buchungsstapel in Windows-1252', async () => {
    const datev = await call(
      'GET',
      '/v1/exports/datev?from=2026-01-01&to=2026-12-31&consultant=1001&client=1',
    );
    expect(datev.status).toBe(200);
    expect(datev.headers.get('content-type')).toBe('text/csv; charset=windows-1252');
    const text = decodeWindows1252(datev.bytes);
    expect(text.startsWith('"EXTF";700;21;"Buchungsstapel"')).toBe(true);
    expect(text).toContain('INV-2026-000001');
  });

  it('refuses bad ranges before the first byte, naming the field', async () => {
    const bad = await call('GET', '/v1/exports/cdrs?from=2026-02-30&to=2026-03-31');
    expect(bad.status).toBe(422);
    expect(bad.json.error.message).toMatch(/from/);
    const noConsultant = await call('GET', '/v1/exports/datev?from=2026-01-01&to=2026-12-31');
    expect(noConsultant.status).toBe(422);
  });

  it('documents the finance routes in the OpenAPI document', async () => {
    const doc = await call('GET', '/docs/json');
    for (const path of [
      '/v1/invoices',
      '/v1/invoices/{number}/pdf',
      '/v1/invoices/{number}/credit-notes',
      '/v1/invoice-runs',
      '/v1/exports/{dataset}',
      '/v1/webhooks/stripe',
      '/v1/customers/{id}',
    ]) {
      expect(Object.keys(doc.json.paths)).toContain(path);
    }
  });
});

/** The stripe-mock the run started (globalSetup's STRIPE_API_BASE), for reading a PaymentIntent's shape. */
function stripeMockEndpoint(): { host: string; port: number; protocol: 'http' } {
  const url = new URL(process.env.STRIPE_API_BASE ?? billing.current.stripe.url);
  return { host: url.hostname, port: Number(url.port), protocol: 'http' };
}
