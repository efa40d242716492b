// The invoicing records around an invoice, on both databases: issuers and customers (checked field by
// field), the payments log with Stripe updates applied once, e-mails never sent twice, archived PDFs
// that re-render byte for byte.
import { applyPaymentUpdate, invoicePdf, issueInvoice } from '../../src/billing';
import {
  InvalidRecordError,
  beginEmailAttempt,
  customerTokenUids,
  emailDeliveriesOf,
  findToken,
  getInvoiceById,
  getInvoiceDocument,
  linkTokenToCustomer,
  markEmailFailed,
  markEmailSent,
  queueEmailDelivery,
  recordPayment,
  storeInvoiceDocument,
  upsertCustomer,
  upsertIssuer,
  upsertToken,
  type InvoiceRecord,
} from '../../src/db';
import { renderInvoicePdf } from '../../src/invoice/pdf/renderInvoicePdf';
import type { PaymentIntentSnapshot } from '../../src/payments';
import type { PaymentUpdate } from '../../src/payments/paymentUpdate';
import { useTestDatabase, type TestDatabaseKind } from '../helpers/db';
import {
  draftFor,
  driver,
  fleet,
  issuerInput,
  monthOfSessions,
  seedParties,
  storeSessions,
} from './fixtures';

const snapshot = (
  id: string,
  stripeStatus: PaymentIntentSnapshot['stripeStatus'],
): PaymentIntentSnapshot => ({
  paymentIntentId: id,
  stripeStatus,
  state: stripeStatus === 'succeeded' ? 'paid' : 'processing',
  currency: 'EUR',
  amountMinor: 2499,
  amountCapturableMinor: 0,
  amountReceivedMinor: stripeStatus === 'succeeded' ? 2499 : 0,
  latestChargeId: 'ch_1',
  clientSecret: undefined,
  metadata: {},
});

describe.each<TestDatabaseKind>(['postgres', 'pglite'])('invoicing records on %s', (kind) => {
  const t = useTestDatabase({ kind });
  let invoice: InvoiceRecord;

  beforeAll(async () => {
    await seedParties(t.db);
    const cdrs = await storeSessions(t.db, monthOfSessions(driver.id, 2, 11));
    const draft = await draftFor(t.db, driver.id, cdrs);
    invoice = (
      await issueInvoice(t.db, {
        issuerId: 'voltwerk',
        customerId: driver.id,
        draft,
        idempotencyKey: 'run:1',
      })
    ).record;
  });

  describe('issuers and customers', () => {
    it('normalise and return what was stored; upserts are idempotent', async () => {
      const issuer = await upsertIssuer(t.db, issuerInput);
      expect(issuer).toMatchObject({
        iban: 'DE02120300000000202051',
        numbering: { invoiceSeries: 'INV', creditNoteSeries: 'CN', digits: 6, yearly: true },
        paymentTermsDays: 14,
        addressLines: ['Ladestraße 12'],
      });
      const customer = await upsertCustomer(t.db, fleet);
      expect(customer).toMatchObject({
        billingMode: 'contract',
        contractPeriod: 'monthly',
        paymentMethod: 'bank_transfer',
        datevAccount: '10042',
      });
      expect(Number((await t.db('customers').count({ n: '*' }))[0].n)).toBe(3);
    });

    it('name the field of bad input', async () => {
      await expect(upsertIssuer(t.db, { ...issuerInput, country: 'DEU' })).rejects.toThrow(
        'issuer.country: expected ISO 3166-1 alpha-2 like "DE", got "DEU"',
      );
      await expect(
        upsertIssuer(t.db, { ...issuerInput, numbering: { creditNoteSeries: 'INV' } }),
      ).rejects.toThrow('issuer.numbering.creditNoteSeries: must differ from the invoice series');
      await expect(upsertIssuer(t.db, { ...issuerInput, iban: 'not an iban' })).rejects.toThrow(
        'issuer.iban',
      );
      await expect(upsertCustomer(t.db, { ...driver, stripeCustomerId: null })).rejects.toThrow(
        'customer.stripeCustomerId: card payment needs the Stripe customer id',
      );
      await expect(upsertCustomer(t.db, { ...fleet, issuerId: 'nobody' })).rejects.toThrow(
        'customer.issuerId: no issuer "nobody"',
      );
      await expect(upsertCustomer(t.db, { ...fleet, timeZone: 'Mars/Olympus' })).rejects.toThrow(
        InvalidRecordError,
      );
      await expect(upsertCustomer(t.db, { ...fleet, currency: 'EURO' })).rejects.toThrow(
        'customer.currency: expected an ISO 4217 code',
      );
    });

    it('link tokens to customers', async () => {
      await upsertToken(t.db, {
        uid: 'NEW-CARD',
        countryCode: 'DE',
        partyId: 'VWK',
        type: 'RFID',
        contractId: 'DE-VWK-NEW',
      });
      await linkTokenToCustomer(t.db, 'NEW-CARD', fleet.id);
      expect((await findToken(t.db, 'NEW-CARD'))!.customerId).toBe(fleet.id);
      expect(await customerTokenUids(t.db, fleet.id)).toEqual(['NEW-CARD', 'TOKEN-C-10042']);
      await expect(linkTokenToCustomer(t.db, 'NO-CARD', fleet.id)).rejects.toThrow(
        'tokenUid: no token "NO-CARD"',
      );
      await expect(linkTokenToCustomer(t.db, 'NEW-CARD', 'C-NONE')).rejects.toThrow(
        'customerId: no customer "C-NONE"',
      );
    });
  });

  describe('payments', () => {
    it('records a payment once and applies each Stripe event once, never moving backwards', async () => {
      const payment = {
        paymentIntentId: 'pi_1',
        invoiceId: invoice.id,
        amountMinor: 2499,
        currency: 'EUR',
        state: 'processing' as const,
        idempotencyKey: 'charge:run:1',
      };
      expect((await recordPayment(t.db, payment)).inserted).toBe(true);
      expect(await recordPayment(t.db, payment)).toMatchObject({
        inserted: false,
        record: { paymentIntentId: 'pi_1', amountMinor: 2499 },
      });
      await expect(recordPayment(t.db, { ...payment, idempotencyKey: 'other' })).rejects.toThrow(
        'payment.idempotencyKey',
      );

      const succeeded: PaymentUpdate = {
        eventId: 'evt_1',
        occurredAt: '2026-04-01T10:00:00.000Z',
        kind: 'payment_succeeded',
        payment: snapshot('pi_1', 'succeeded'),
      };
      const applied = await applyPaymentUpdate(t.db, succeeded);
      expect(applied).toMatchObject({
        outcome: 'applied',
        invoiceStatus: 'paid',
        payment: { state: 'paid' },
      });
      expect(await applyPaymentUpdate(t.db, succeeded)).toMatchObject({ outcome: 'duplicate' });
      expect((await getInvoiceById(t.db, invoice.id))!.status).toBe('paid');

      const late: PaymentUpdate = {
        eventId: 'evt_0',
        occurredAt: '2026-04-01T09:59:00.000Z',
        kind: 'payment_failed',
        payment: snapshot('pi_1', 'processing'),
        stripeCode: 'card_declined',
        declineCode: 'insufficient_funds',
        message: 'declined',
      };
      const lateResult = await applyPaymentUpdate(t.db, late);
      expect(lateResult).toMatchObject({ outcome: 'applied', payment: { state: 'paid' } });
      expect((await getInvoiceById(t.db, invoice.id))!.status).toBe('paid');
      if (lateResult.outcome !== 'applied') throw new Error('expected applied');
      expect(lateResult.payment.events.map((event) => [event.eventId, event.state])).toEqual([
        ['evt_1', 'paid'],
        ['evt_0', 'failed'],
      ]);

      const refunded: PaymentUpdate = {
        eventId: 'evt_2',
        occurredAt: '2026-04-02T10:00:00.000Z',
        kind: 'charge_refunded',
        chargeId: 'ch_1',
        paymentIntentId: 'pi_1',
        currency: 'EUR',
        amountRefundedMinor: 2499,
        fullyRefunded: true,
      };
      expect(await applyPaymentUpdate(t.db, refunded)).toMatchObject({
        outcome: 'applied',
        payment: { state: 'refunded' },
      });
      expect(
        await applyPaymentUpdate(t.db, {
          eventId: 'evt_3',
          occurredAt: '2026-04-02T10:00:00Z',
          kind: 'ignored',
          stripeType: 'customer.created',
        }),
      ).toEqual({
        outcome: 'ignored',
        reason: 'event type customer.created',
      });
      expect(
        await applyPaymentUpdate(t.db, {
          ...succeeded,
          eventId: 'evt_4',
          payment: snapshot('pi_unknown', 'succeeded'),
        }),
      ).toMatchObject({ outcome: 'ignored' });
    });
  });

  describe('e-mail deliveries', () => {
    it('send an invoice to an address once', async () => {
      const delivery = await queueEmailDelivery(t.db, invoice.id, 'Erika@Example.org');
      expect(await queueEmailDelivery(t.db, invoice.id, 'erika@example.org')).toMatchObject({
        id: delivery.id,
        status: 'queued',
      });
      const attempt = await beginEmailAttempt(t.db, delivery.id);
      expect(attempt).toMatchObject({ attempts: 1, status: 'queued', recipient: 'erika@example.org' });
      expect(await markEmailFailed(t.db, delivery.id, '451 try again later')).toMatchObject({
        status: 'failed',
        lastError: '451 try again later',
      });
      expect(await beginEmailAttempt(t.db, delivery.id)).toMatchObject({ attempts: 2 });
      const sent = await markEmailSent(t.db, delivery.id, '<INV-2026-000001@voltwerk.example>');
      expect(sent).toMatchObject({
        status: 'sent',
        lastError: null,
        messageId: '<INV-2026-000001@voltwerk.example>',
      });
      expect(await beginEmailAttempt(t.db, delivery.id)).toBeUndefined();
      expect(await markEmailFailed(t.db, delivery.id, 'late failure')).toMatchObject({ status: 'sent' });
      expect(await emailDeliveriesOf(t.db, invoice.id)).toHaveLength(1);
      await expect(queueEmailDelivery(t.db, invoice.id, 'not-an-address')).rejects.toThrow(
        'recipient: expected an e-mail address',
      );
    });
  });

  describe('archived PDFs', () => {
    it('render once from the stored document, byte-identical on re-render, and never change', async () => {
      const pdf = await invoicePdf(t.db, invoice);
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect((await getInvoiceDocument(t.db, invoice.id, 'pdf'))!.content.equals(pdf)).toBe(true);
      const stored = (await getInvoiceById(t.db, invoice.id))!;
      expect((await renderInvoicePdf(stored.invoice)).equals(pdf)).toBe(true);
      expect((await invoicePdf(t.db, stored)).equals(pdf)).toBe(true);
      await expect(storeInvoiceDocument(t.db, invoice.id, 'pdf', Buffer.from('%PDF-other'))).rejects.toThrow(
        'archived documents never change',
      );
      await expect(storeInvoiceDocument(t.db, '999999', 'pdf', pdf)).rejects.toThrow(
        'invoiceId: no invoice with id 999999',
      );
    });
  });
});
