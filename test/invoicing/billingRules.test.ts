// The small decisions of the billing flows, without services: what a card outcome prints on the
// invoice, how the configured hold becomes minor units, how a session is billed, and when a contract
// customer's invoice-run Schedule fires.
import { paymentInfoOf } from '../../src/billing/flows/cardSettlement';
import { holdMinorUnits, sessionBillingOf } from '../../src/billing/flows/sessionHold';
import { invoiceScheduleId, invoiceScheduleOptions } from '../../src/billing/schedules';
import type { CustomerRecord } from '../../src/db/repos/customers';
import { fleet } from '../billing/fixtures';

const record = (extra: Partial<CustomerRecord> = {}): CustomerRecord =>
  ({
    ...fleet,
    paymentMethod: 'bank_transfer',
    stripeCustomerId: null,
    stripePaymentMethodId: null,
    billingMode: 'contract',
    contractPeriod: 'monthly',
    vatTreatment: 'domestic',
    buyerReference: null,
    datevAccount: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    ...extra,
  }) as CustomerRecord;

describe('what a card outcome prints on the invoice', () => {
  const outcome = { capturedMinor: 779, outstandingMinor: 0, refusals: [] };

  it('paid only when Stripe reports the money collected, in full', () => {
    expect(paymentInfoOf({ ...outcome, state: 'paid' })).toEqual({ status: 'paid', method: 'card' });
    expect(paymentInfoOf({ ...outcome, state: 'paid', outstandingMinor: 100 })).toEqual({
      status: 'open',
      method: 'card',
    });
  });

  it('open while Stripe has not reported it (processing, or a fixture status), failed when refused', () => {
    for (const state of ['processing', 'unpaid', 'authorized'] as const) {
      expect(paymentInfoOf({ ...outcome, state })).toEqual({ status: 'open', method: 'card' });
    }
    expect(paymentInfoOf({ ...outcome, state: 'failed', capturedMinor: 0 })).toEqual({
      status: 'failed',
      method: 'card',
    });
  });
});

describe('the configured hold in minor units', () => {
  it('takes the currency’s digits, rounding half up once', () => {
    expect(holdMinorUnits('50.00', 'EUR')).toBe(5000);
    expect(holdMinorUnits('50', 'JPY')).toBe(50);
    expect(holdMinorUnits('12.345', 'EUR')).toBe(1235);
    expect(holdMinorUnits('12.344', 'EUR')).toBe(1234);
    expect(holdMinorUnits('50.00', 'KWD')).toBe(50000);
  });
});

describe('how a session is billed', () => {
  it('per session for ad hoc customers, by the periodic run for contract customers, else not at all', () => {
    expect(sessionBillingOf(record({ billingMode: 'ad_hoc' }))).toBe('per_session');
    expect(sessionBillingOf(record({ billingMode: 'contract' }))).toBe('periodic');
    expect(sessionBillingOf(undefined)).toBe('none');
  });
});

describe('the invoice-run Schedule of a contract customer', () => {
  it('fires at 03:00 on the 1st in the customer’s zone and starts invoiceRun for the customer', () => {
    const options = invoiceScheduleOptions(record({ timeZone: 'Asia/Tokyo' }), { taskQueue: 'billing-eu' });
    expect(options.scheduleId).toBe(`billing-eu-invoice-run-${fleet.id}`);
    expect(options.spec).toEqual({
      calendars: [expect.objectContaining({ dayOfMonth: 1, hour: 3, minute: 0 })],
      timezone: 'Asia/Tokyo',
    });
    expect(options.spec.calendars?.[0].month).toBeUndefined();
    expect(options.action).toMatchObject({
      type: 'startWorkflow',
      workflowType: 'invoiceRun',
      args: [{ customerId: fleet.id }],
      taskQueue: 'billing-eu',
    });
  });

  it('fires only in the quarters’ first months for quarterly customers, at the time asked for', () => {
    const options = invoiceScheduleOptions(record({ contractPeriod: 'quarterly' }), {
      taskQueue: 'q',
      at: { hour: 5, minute: 30 },
    });
    expect(options.spec.calendars?.[0]).toMatchObject({
      month: ['JANUARY', 'APRIL', 'JULY', 'OCTOBER'],
      hour: 5,
      minute: 30,
    });
    expect(options.state?.note).toContain('quarterly');
  });

  it('scopes schedule ids by task queue, so deployments sharing a namespace never meet', () => {
    expect(invoiceScheduleId('a', 'C-1')).not.toBe(invoiceScheduleId('b', 'C-1'));
  });
});
