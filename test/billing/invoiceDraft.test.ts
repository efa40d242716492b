// invoiceDraftForSessions on CDRs rated by the real engine: the sub-lines come from the exact
// breakdown, the invoice rounds each once, and the result reconciles with the CDR to a stated bound.
import fc from 'fast-check';
import { invoiceDraftForSessions, BillingInputError } from '../../src/billing';
import type { CustomerRecord } from '../../src/db/repos/customers';
import type { IssuerRecord } from '../../src/db/repos/issuers';
import { computeInvoice } from '../../src/invoice/computeInvoice';
import { Dec } from '../../src/invoice/decimal';
import { pricedCdr, type PricedCdr } from '../../src/tariff/engine/pricedCdr';
import { rateCdr } from '../../src/tariff/engine/rateCdr';
import type { Tariff } from '../../src/tariff/types';
import {
  cdrFrom,
  periodDraftArb,
  sessionStartArb,
  tariffArb,
  timeZoneArb,
} from '../tariff/helpers/arbitraries';
import { fleet, driver, issuerInput, ratedCdr, recordOf, tariff, tokenUidOf } from './fixtures';

const NOW = '2026-04-01T00:00:00.000Z';
const issuer: IssuerRecord = {
  ...issuerInput,
  iban: 'DE02120300000000202051',
  bic: 'BYLADEM1001',
  vatId: issuerInput.vatId!,
  taxRegistration: issuerInput.taxRegistration!,
  legalRegistration: issuerInput.legalRegistration!,
  email: issuerInput.email!,
  phone: null,
  bankName: issuerInput.bankName!,
  contactName: null,
  legalInfo: issuerInput.legalInfo!,
  logoText: null,
  language: 'de',
  timeZone: 'Europe/Berlin',
  numbering: { invoiceSeries: 'INV', creditNoteSeries: 'CN', digits: 6, yearly: true },
  paymentTermsDays: 14,
  createdAt: NOW,
  updatedAt: NOW,
};

function customerRecord(input: typeof fleet): CustomerRecord {
  return {
    ...input,
    vatId: input.vatId ?? null,
    taxRegistration: null,
    email: input.email ?? null,
    phone: null,
    language: input.language ?? 'en',
    timeZone: input.timeZone ?? 'UTC',
    paymentMethod: input.paymentMethod ?? 'bank_transfer',
    stripeCustomerId: input.stripeCustomerId ?? null,
    stripePaymentMethodId: input.stripePaymentMethodId ?? null,
    billingMode: input.billingMode ?? 'ad_hoc',
    contractPeriod: input.contractPeriod ?? 'monthly',
    vatTreatment: input.vatTreatment ?? 'domestic',
    buyerReference: null,
    datevAccount: input.datevAccount ?? null,
    createdAt: NOW,
    updatedAt: NOW,
  };
}

const fleetRecord = customerRecord(fleet);
const driverRecord = customerRecord(driver);

// 18:15 Berlin (peak), 12.345 kWh, 1.25 h charging, 0.25 h idle: hours that terminate, so every
// amount below is computed by hand.
const peakSession = ratedCdr({
  id: 'CDR-HAND-1',
  tokenUid: tokenUidOf(fleet.id),
  start: '2026-03-10T17:15:00Z',
  energyKwh: 12.345,
  chargingSeconds: 4500,
  parkingSeconds: 900,
});

/** The session line of the driver's draft for one priced CDR. */
const driverLineOf = (priced: PricedCdr) =>
  invoiceDraftForSessions({
    issuer,
    customer: driverRecord,
    cdrs: [recordOf(priced)],
    issueDate: '2026-04-01',
  }).lines[0];

const numbered = (draft: ReturnType<typeof invoiceDraftForSessions>) =>
  computeInvoice({ ...draft, number: 'INV-2026-000001', series: 'INV' });

describe('invoiceDraftForSessions', () => {
  it('turns the exact breakdown into sub-lines and rounds each once (hand-computed)', () => {
    const draft = invoiceDraftForSessions({
      issuer,
      customer: fleetRecord,
      cdrs: [{ ...recordOf(peakSession), chargePointId: 'CP-BER-001' }],
      issueDate: '2026-04-01',
      tariffDescriptions: ['Energie 0,49 €/kWh (07–22 Uhr), sonst 0,39 €/kWh'],
    });
    const [line] = draft.lines;
    expect(line).toMatchObject({
      id: 'CDR-HAND-1',
      cdrId: 'CDR-HAND-1',
      chargerId: 'CP-BER-001',
      evseId: 'DE*VWK*E0001*1',
      location: { name: 'Kantstraße Parking', address: 'Kantstraße 10, 10623 Berlin' },
      start: '2026-03-10T17:15:00.000Z',
      end: '2026-03-10T18:45:00.000Z',
      energyKwh: '12.345',
      chargingSeconds: 4500,
      idleSeconds: 900,
    });
    expect(
      line.components.map((c) => [c.description, c.quantity, c.unit, c.unitPrice, c.exactAmount, c.vatRate]),
    ).toEqual([
      ['Startgebühr', '1', 'session', '0.5', '0.5', '19'],
      ['Energie', '12.345', 'kWh', '0.49', '6.04905', '19'],
      ['Ladezeit', '1.25', 'h', '0.6', '0.75', '19'],
      ['Blockiergebühr (angeschlossen, ohne Laden)', '0.25', 'h', '6', '1.5', '19'],
    ]);
    expect(draft).toMatchObject({
      currency: 'EUR',
      timeZone: 'Europe/Berlin',
      dueDate: '2026-04-15',
      vatTreatment: 'domestic',
    });
    expect(draft.payment).toEqual({ status: 'open', method: 'bank_transfer' });
    expect(draft.references).toEqual({ contractId: `DE-VWK-${tokenUidOf(fleet.id)}` });

    // CDR (OCPI, 4 decimals): 0.5 + 6.04905 + 0.75 + 1.5 = 8.79905 → 8.7991; incl. 19 % → 10.4709.
    expect(peakSession.total_cost).toEqual({ excl_vat: 8.7991, incl_vat: 10.4709 });
    // Invoice: 0.50 + 6.05 + 0.75 + 1.50 = 8.80 net; 19 % of 8.80 = 1.672 → 1.67; gross 10.47.
    const invoice = numbered(draft);
    expect(invoice.lines[0].components.map((c) => c.netAmount)).toEqual(['0.50', '6.05', '0.75', '1.50']);
    expect(invoice.totals).toMatchObject({ net: '8.80', vat: '1.67', gross: '10.47' });
    expect(invoice.tariffSummary).toEqual(['Energie 0,49 €/kWh (07–22 Uhr), sonst 0,39 €/kWh']);
  });

  it('keeps tariff windows apart and folds the step_size extra into its price', () => {
    // 21:30–22:30 Berlin across the 22:00 price change, 10 min idle billed per 5 min.
    const priced = ratedCdr({
      id: 'CDR-WINDOWS',
      tokenUid: 'T',
      start: '2026-03-10T20:30:00Z',
      energyKwh: 0,
      chargingSeconds: 3600,
      parkingSeconds: 700,
      periods: [
        {
          start_date_time: '2026-03-10T20:30:00Z',
          dimensions: [
            { type: 'ENERGY', volume: 5.5 },
            { type: 'TIME', volume: 0.5 },
          ],
        },
        {
          start_date_time: '2026-03-10T21:00:00Z',
          dimensions: [
            { type: 'ENERGY', volume: 4.25 },
            { type: 'TIME', volume: 0.5 },
          ],
        },
        { start_date_time: '2026-03-10T21:30:00Z', dimensions: [{ type: 'PARKING_TIME', volume: 0.125 }] },
      ],
    });
    const line = driverLineOf(priced);
    expect(line.components.map((c) => [c.description, c.quantity, c.unitPrice, c.exactAmount])).toEqual([
      ['Session fee', '1', '0.5', '0.5'],
      ['Energy', '5.5', '0.49', '2.695'],
      ['Energy', '4.25', '0.39', '1.6575'],
      ['Charging time', '1', '0.6', '0.6'],
      // 450 s idle rounded up to 600 s (step 300): 0.75 + the extra 150 s at the same 6.00/h (0.25).
      ['Idle fee (connected, not charging)', '0.166666666667', '6', '1'],
    ]);
  });

  it('splits a min/max price adjustment over VAT rates exactly and prints it as its own sub-line', () => {
    const mixed: Tariff = {
      ...tariff,
      id: 'MIXED',
      min_price: { excl_vat: 20 },
      elements: [
        { price_components: [{ type: 'ENERGY', price: 0.4, vat: 19, step_size: 1 }] },
        { price_components: [{ type: 'TIME', price: 1.2, vat: 7, step_size: 1 }] },
      ],
    };
    const priced = ratedCdr({
      id: 'CDR-MIN',
      tokenUid: 'T',
      start: '2026-03-02T10:00:00Z',
      energyKwh: 10,
      chargingSeconds: 3600,
      parkingSeconds: 0,
      tariffs: [mixed],
    });
    const line = driverLineOf(priced);
    // 4.00 at 19 % + 1.20 at 7 % = 5.20, raised by 14.80 to 20.00: 14.80 × 4/5.2 at 19 %, the rest at 7 %.
    const adjustments = line.components.filter((c) => c.description.startsWith('Adjustment'));
    expect(adjustments.map((c) => [c.vatRate, c.quantity, c.exactAmount])).toEqual([
      ['19', '1', '11.384615384615'],
      ['7', '1', '3.415384615385'],
    ]);
    const exact = line.components.reduce((sum, c) => sum.plus(c.exactAmount!), new Dec(0));
    expect(exact.toFixed()).toBe('20');
  });

  it('attaches the OCMF signed readings from the CDR signed_data', () => {
    const payload = (pg: string, tx: string, time: string, value: string) =>
      `OCMF|{"FV":"1.0","GI":"KEBA","GS":"1","GV":"1","PG":"${pg}","MS":"BQ27400330016","RD":[{"TM":"${time},000+0100 S","TX":"${tx}","RV":${value},"RI":"1-b:1.8.0","RU":"kWh","RT":"AC","EF":"","ST":"G"}]}|{"SA":"ECDSA-secp256r1-SHA256","SD":"3044"}`;
    const start = payload('T1', 'B', '2026-03-10T18:15:00', '1000.00');
    const stop = payload('T2', 'E', '2026-03-10T19:30:00', '1012.35');
    const priced = ratedCdr({
      id: 'CDR-SIGNED',
      tokenUid: 'T',
      start: '2026-03-10T17:15:00Z',
      energyKwh: 12.35,
      chargingSeconds: 4500,
      parkingSeconds: 0,
      signedData: {
        encoding_method: 'OCMF',
        public_key: '3059301306072A8648CE3D',
        signed_values: [
          { nature: 'Start', plain_data: '', signed_data: start },
          { nature: 'End', plain_data: '', signed_data: stop },
        ],
      },
    });
    const line = driverLineOf(priced);
    expect(line.signedMeterData).toEqual({
      format: 'OCMF',
      meterId: 'BQ27400330016',
      publicKey: '3059301306072A8648CE3D',
      start: { time: '2026-03-10T17:15:00Z', value: '1000.00', unit: 'kWh', status: 'G' },
      stop: { time: '2026-03-10T18:30:00Z', value: '1012.35', unit: 'kWh', status: 'G' },
      values: [
        { context: 'Start', signedData: start },
        { context: 'End', signedData: stop },
      ],
    });
  });

  it('names the CDR and JSON path of everything it cannot invoice', () => {
    const unrated = {
      ...recordOf(peakSession),
      id: 'CDR-UNRATED',
      breakdown: null,
      cdr: { ...peakSession, id: 'CDR-UNRATED', chargeledger_breakdown: undefined },
    };
    const broken = { ...recordOf(peakSession), id: 'CDR-BROKEN' };
    (broken.breakdown as { lines: { volume: unknown }[] }).lines[1].volume = '12,345';
    const swiss = { ...recordOf(peakSession), id: 'CDR-CHF', currency: 'CHF' };
    let error: unknown;
    try {
      invoiceDraftForSessions({
        issuer,
        customer: fleetRecord,
        cdrs: [unrated, broken, swiss],
        issueDate: '2026-4-1',
      });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(BillingInputError);
    expect((error as BillingInputError).issues).toEqual([
      {
        path: 'cdrs[2].currency',
        message: 'CDR CDR-CHF is in CHF, the first in EUR: one currency per invoice',
      },
      { path: 'issueDate', message: 'expected YYYY-MM-DD, got "2026-4-1"' },
      { path: 'cdrs[0].breakdown', message: 'CDR CDR-UNRATED is not rated: it has no rating breakdown' },
      { path: 'cdrs[1].breakdown.lines[1].volume', message: 'expected an exact decimal string' },
      { path: 'cdrs[2].breakdown.currency', message: 'rated in EUR but the CDR is in CHF' },
    ]);
  });

  it('reconciles with the rating for any tariff and session: Σ exact sub-lines = exact CDR total, rounding within ½ cent per sub-line', () => {
    fc.assert(
      fc.property(
        tariffArb({ restricted: true }),
        sessionStartArb,
        fc.array(periodDraftArb, { minLength: 1, maxLength: 6 }),
        timeZoneArb,
        (randomTariff, startMs, drafts, zone) => {
          const cdr = { ...cdrFrom(startMs, drafts), id: 'CDR-PROP' };
          const priced = pricedCdr(cdr, rateCdr(cdr, { tariffs: [randomTariff], timeZone: zone }));
          const record = recordOf(priced);
          const draft = invoiceDraftForSessions({
            issuer,
            customer: driverRecord,
            cdrs: [record],
            issueDate: '2026-04-01',
          });
          const invoice = numbered(draft);
          const [line] = invoice.lines;
          const exactTotal = new Dec(
            priced.chargeledger_breakdown.exact_totals.total_cost.excl_vat as unknown as string,
          );
          const exactSum = line.components.reduce((sum, c) => sum.plus(c.exactAmount!), new Dec(0));
          expect(exactSum.eq(exactTotal)).toBe(true);
          const bound = new Dec('0.005').times(line.components.length);
          expect(new Dec(line.netAmount).minus(exactTotal).abs().lte(bound)).toBe(true);
          expect(
            new Dec(line.netAmount).minus(priced.total_cost.excl_vat).abs().lte(bound.plus('0.00005')),
          ).toBe(true);
        },
      ),
      { numRuns: 300 },
    );
  });
});
