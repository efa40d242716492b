// Two chargeledger installations roaming with each other, end to end (figures in roamingWorld.ts):
// CPO Voltwerk and eMSP Example Mobility, each with its own PostgreSQL schema, worker, task queue and
// HTTP API with OCPI on its own loopback port, connect through their CLIs (invite → register → the
// OCPI credentials handshake over HTTP). The eMSP sends its driver's token; the driver charges at the
// CPO's simulated OCPP charger; the CPO prices the session with the wholesale tariff and pushes the
// CDR; the eMSP re-rates it with the retail tariff and invoices the driver. Both settle the period,
// and their statements agree to the cent. Then the eMSP disputes the CDR and the CPO credits it.
import fs from 'node:fs';
import {
  findToken,
  getCdr,
  getDelivery,
  getInvoiceDocument,
  getPartner,
  listInvoices,
  listReceivedCdrs,
} from '../../src/db';
import { findInvoiceByKey } from '../../src/db/repos/invoices';
import { copyReference, retailCopyId } from '../../src/roaming/receivedCdrHandover';
import { cdrPushResult, runSettlement } from '../../src/roaming/roamingWorkflows';
import { settlementRangeOfDates } from '../../src/roaming/settlement/settlementPeriod';
import { settlementScheduleId } from '../../src/roaming/settlement/settlementSchedules';
import { ensureSettlementSchedules } from '../../src/roaming/settlement/settlementSchedules';
import type { SettlementStatement } from '../../src/roaming/settlement/statement';
import { getStatement } from '../../src/db/repos/settlements';
import {
  receivedCdrWorkflowId,
  type CdrPushResult,
  type ReceivedCdrResult,
  type SettlementResult,
} from '../../workflows/roamingMessages';
import { useTestDatabase } from '../helpers/db';
import { havePoppler, pdfText } from '../invoice/poppler';
import { driverChargesAtCpo } from './chargeAtCpo';
import { chargeledger } from './roamingNode';
import {
  CPO_PARTY,
  DRIVER,
  DRIVER_UID,
  EMSP_PARTY,
  RETAIL_TARIFF,
  WHOLESALE_TARIFF,
  useRoamingPair,
} from './roamingWorld';

const cpoDb = useTestDatabase();
const emspDb = useTestDatabase();
const roaming = useRoamingPair({ cpo: cpoDb, emsp: emspDb });

/** Today ± a day: the CDRs are issued (last_updated) now, whatever simulated time the session ran at. */
const today = new Date();
const day = (offset: number) => new Date(today.getTime() + offset * 86_400_000).toISOString().slice(0, 10);
const PERIOD = settlementRangeOfDates(day(-1), day(1));

let cdrId: string;
let push: CdrPushResult;
let handover: ReceivedCdrResult;

beforeAll(async () => {
  cdrId = await driverChargesAtCpo(roaming.current.cpo);
  push = await cdrPushResult(roaming.current.cpo.client, { partnerId: roaming.current.emspOnCpo, cdrId });
  handover = await roaming.current.emsp.client.workflow
    .getHandle(receivedCdrWorkflowId({ countryCode: 'DE', partyId: 'CLG', cdrId }))
    .result();
}, 180_000);

describe('connecting the installations', () => {
  it('the CLI handshake registered each with the other, with the parties each speaks for', async () => {
    const { cpo, emsp, emspOnCpo, cpoOnEmsp } = roaming.current;
    expect(await getPartner(cpo.db, emspOnCpo)).toMatchObject({
      status: 'registered',
      incomingTokenKind: 'C',
      roles: [{ role: 'EMSP', countryCode: 'DE', partyId: 'EMP', businessName: EMSP_PARTY.name }],
    });
    expect(await getPartner(emsp.db, cpoOnEmsp)).toMatchObject({
      status: 'registered',
      incomingTokenKind: 'B',
      roles: [{ role: 'CPO', countryCode: 'DE', partyId: 'CLG', businessName: CPO_PARTY.name }],
    });
  });

  it("the eMSP's driver token is on the CPO's whitelist as a roaming token", async () => {
    expect(await findToken(roaming.current.cpo.db, DRIVER_UID)).toMatchObject({
      countryCode: 'DE',
      partyId: 'EMP',
      isRoaming: true,
      whitelist: 'ALLOWED',
      customerId: null,
    });
  });

  it('each agreement has its settlement Schedule, on the first of the month', async () => {
    for (const node of [roaming.current.cpo, roaming.current.emsp]) {
      const sync = await ensureSettlementSchedules(node.client, node.db, {
        taskQueue: node.temporal.taskQueue,
      });
      const [id] = [...sync.created, ...sync.unchanged];
      expect(sync.created.length + sync.unchanged.length).toBe(1);
      const described = await node.client.schedule.getHandle(id).describe();
      expect(described.spec.calendars?.[0]).toMatchObject({ dayOfMonth: [{ start: 1, end: 1, step: 1 }] });
      expect(described.action).toMatchObject({ type: 'startWorkflow', workflowType: 'settlement' });
      await node.client.schedule.getHandle(id).delete();
    }
    expect(
      settlementScheduleId(roaming.current.cpo.temporal.taskQueue, {
        partnerId: roaming.current.emspOnCpo,
        ourRole: 'CPO',
      }),
    ).toContain('-settlement-');
  });
});

describe('the CPO', () => {
  it('prices the session with the wholesale tariff of the agreement, which the CDR carries', async () => {
    const record = (await getCdr(roaming.current.cpo.db, cdrId))!;
    expect(record.tariffId).toBe(WHOLESALE_TARIFF.id);
    expect(record.cdr).toMatchObject({
      country_code: 'DE',
      party_id: 'CLG',
      cdr_token: { uid: DRIVER_UID, country_code: 'DE', party_id: 'EMP', type: 'RFID' },
      total_energy: 12,
      total_cost: { excl_vat: 3.3, incl_vat: 3.927 },
      total_fixed_cost: { excl_vat: 0.3, incl_vat: 0.357 },
      total_energy_cost: { excl_vat: 3, incl_vat: 3.57 },
    });
    expect(record.cdr.tariffs?.map((t) => t.id)).toEqual([WHOLESALE_TARIFF.id]);
  });

  it('pushes the CDR to the eMSP once: accepted at the first attempt', async () => {
    const { cpo, emspOnCpo } = roaming.current;
    expect(push).toMatchObject({ outcome: 'accepted', alreadyAccepted: false, cdrId });
    expect(await getDelivery(cpo.db, cdrId, emspOnCpo)).toMatchObject({
      status: 'accepted',
      attempts: 1,
      lastHttpStatus: 201,
      lastOcpiStatus: 1000,
    });
  });

  it("issues no invoice to a partner's driver", async () => {
    expect(await listInvoices(roaming.current.cpo.db, { kind: 'invoice' })).toEqual([]);
  });
});

describe('the eMSP', () => {
  it('stores the CDR as sent and re-rates it with the retail tariff of the driver', async () => {
    const { cpo, emsp } = roaming.current;
    const [received] = await listReceivedCdrs(emsp.db);
    const sent = (await getCdr(cpo.db, cdrId))!;
    expect(received.cdr).toEqual(sent.cdr);
    expect(received).toMatchObject({
      totalCostExclVat: '3.3',
      totalCostInclVat: '3.927',
      state: 'invoiced',
      invoiceReference: copyReference(retailCopyId(received)),
      retail: {
        status: 'rated',
        tariffId: RETAIL_TARIFF.id,
        totalExclVat: '7.38',
        totalInclVat: '8.7822',
      },
    });
  });

  it('invoices the driver the retail price: net 7.38, VAT 1.40, gross 8.78', async () => {
    const { emsp } = roaming.current;
    expect(handover).toMatchObject({
      outcome: 'invoiced',
      customerId: DRIVER.id,
      notCharged: `customer ${DRIVER.id} pays by bank transfer`,
      invoice: { gross: '8.78', currency: 'EUR', created: true },
      email: { outcome: 'sent' },
    });
    const invoice = (await findInvoiceByKey(
      emsp.db,
      `session:${handover.outcome === 'invoiced' && handover.cdrId}`,
    ))!;
    expect(invoice.totals).toEqual({ net: '7.38', vat: '1.40', gross: '8.78' });
    expect(invoice.status).toBe('open');
  });

  (havePoppler ? it : it.skip)(
    'the PDF shows the session at the CPO, the retail lines and the totals',
    async () => {
      const { emsp } = roaming.current;
      const invoice = (await findInvoiceByKey(
        emsp.db,
        `session:${handover.outcome === 'invoiced' && handover.cdrId}`,
      ))!;
      const text = pdfText((await getInvoiceDocument(emsp.db, invoice.id, 'pdf'))!.content);
      if (process.env.DEBUG_PDF) console.log(text);
      expect(text).toContain(DRIVER.name);
      expect(text).toContain('Kantstraße Parkhaus');
      expect(text).toMatch(/Session fee\s+1 session\s+€0\.50\s+19%\s+€0\.50/);
      expect(text).toMatch(/Energy\s+12\.000 kWh\s+€0\.49\s+19%\s+€5\.88/);
      expect(text).toMatch(/Idle fee[^\n]*0\.3333 h\s+€3\.00\s+19%\s+€1\.00/);
      expect(text).toMatch(/Total net\s+€7\.38/);
      expect(text).toMatch(/Total VAT\s+€1\.40/);
      expect(text).toMatch(/Total\s+€8\.78/);
    },
  );
});

describe('settling the period', () => {
  let atCpo: SettlementResult;
  let atEmsp: SettlementResult;

  beforeAll(async () => {
    const { cpo, emsp, emspOnCpo, cpoOnEmsp } = roaming.current;
    [atCpo, atEmsp] = await Promise.all([
      runSettlement(cpo.client, cpo.temporal.taskQueue, { partnerId: emspOnCpo, period: PERIOD }),
      runSettlement(emsp.client, emsp.temporal.taskQueue, { partnerId: cpoOnEmsp, period: PERIOD }),
    ]);
  }, 120_000);

  it("both statements agree to the cent and equal the wholesale price, each checked against the other's view", async () => {
    expect(atCpo.statement).toMatchObject({
      version: 1,
      receivableInclVat: '3.93',
      payableInclVat: '0.00',
      netInclVat: '3.93',
      findings: 0,
      views: { sent: 'read', received: 'none' },
    });
    expect(atEmsp.statement).toMatchObject({
      version: 1,
      receivableInclVat: '0.00',
      payableInclVat: '3.93',
      netInclVat: '-3.93',
      findings: 0,
      views: { sent: 'none', received: 'read' },
    });
    const cpoStatement = (await getStatement(roaming.current.cpo.db, atCpo.statement.statementId))!
      .statement as SettlementStatement;
    const emspStatement = (await getStatement(roaming.current.emsp.db, atEmsp.statement.statementId))!
      .statement as SettlementStatement;
    const lines = (s: SettlementStatement) =>
      s.lines.map((l) => [l.cdrId, l.energyKwh, l.exclVat, l.vat, l.inclVat, l.status]);
    expect(lines(cpoStatement)).toEqual([[cdrId, '12', '3.30', '0.63', '3.93', 'due']]);
    expect(lines(emspStatement)).toEqual(lines(cpoStatement));
    expect(cpoStatement.receivable).toEqual(emspStatement.payable);
    expect(cpoStatement.net.payer).toBe('partner');
    expect(emspStatement.net.payer).toBe('us');
  });

  it('writes each statement as PDF and CSV', async () => {
    for (const result of [atCpo, atEmsp]) {
      expect(fs.readFileSync(result.statement.files.pdf).subarray(0, 5).toString()).toBe('%PDF-');
      const csv = fs.readFileSync(result.statement.files.csv, 'utf8');
      expect(csv).toContain(`${cdrId},`);
      expect(csv).toContain(',3.30,0.63,3.93,EUR,due,');
    }
  });

  it('the CPO invoices the eMSP the wholesale price; the eMSP, not self-billing, issues nothing', async () => {
    expect(atCpo.invoices).toMatchObject([
      { ourRole: 'CPO', outcome: 'issued', selfBilled: false, invoice: { gross: '3.93', currency: 'EUR' } },
    ]);
    expect(atEmsp.invoices).toEqual([
      { ourRole: 'EMSP', outcome: 'not_issued', reason: 'the partner (the CPO) issues the invoice' },
    ]);
    const [invoice] = await listInvoices(roaming.current.cpo.db, { customerId: roaming.current.emspOnCpo });
    expect(invoice.totals).toEqual({ net: '3.30', vat: '0.63', gross: '3.93' });
    expect(invoice.invoice.lines.map((line) => line.cdrId)).toEqual([cdrId]);
    expect(invoice.invoice.customer).toMatchObject({ name: EMSP_PARTY.name, vatId: 'DE129273398' });
  });

  it('settling again changes nothing: same statement version, same invoice', async () => {
    const { cpo, emspOnCpo } = roaming.current;
    const again = await runSettlement(cpo.client, cpo.temporal.taskQueue, {
      partnerId: emspOnCpo,
      period: PERIOD,
    });
    expect(again.statement).toMatchObject({ version: 1, created: false });
    expect(again.invoices).toMatchObject([{ outcome: 'issued', invoice: { created: false } }]);
  });
});

describe('a dispute, settled by a credit CDR', () => {
  it('the eMSP disputes the CDR: its next statement withholds it', async () => {
    const { emsp, cpoOnEmsp } = roaming.current;
    const disputed = await chargeledger(
      emsp,
      'roaming',
      'dispute',
      cpoOnEmsp,
      cdrId,
      '--direction',
      'received',
      '--reason',
      'charger reported offline',
    );
    expect([disputed.code, disputed.stderr]).toEqual([0, '']);
    expect(disputed.stdout).toMatch(/^Opened dispute \d+ on CDR /);
    const result = await runSettlement(emsp.client, emsp.temporal.taskQueue, {
      partnerId: cpoOnEmsp,
      period: PERIOD,
    });
    expect(result.statement).toMatchObject({ version: 2, payableInclVat: '0.00', netInclVat: '0.00' });
    const statement = (await getStatement(emsp.db, result.statement.statementId))!
      .statement as SettlementStatement;
    expect(statement.lines.map((l) => l.status)).toEqual(['disputed']);
    expect(statement.withheldPayable).toMatchObject({ count: 1, inclVat: '3.93' });
  });

  it('the CPO credits it: the credit CDR reaches the eMSP, both statements show CDR and credit, nothing due', async () => {
    const { cpo, emsp, emspOnCpo, cpoOnEmsp } = roaming.current;
    const credited = await chargeledger(cpo, 'roaming', 'credit', cdrId);
    expect([credited.code, credited.stderr]).toEqual([0, '']);
    expect(credited.stdout).toBe(`Credit CDR ${cdrId}-C for ${cdrId}: accepted.\n`);
    const creditHandover: ReceivedCdrResult = await emsp.client.workflow
      .getHandle(receivedCdrWorkflowId({ countryCode: 'DE', partyId: 'CLG', cdrId: `${cdrId}-C` }))
      .result();
    // The driver's invoice holds the cancelled session: it needs a credit note, which is said.
    expect(creditHandover).toMatchObject({
      outcome: 'credit',
      customerId: DRIVER.id,
      creditedInvoice: expect.stringMatching(/^INV-/),
    });

    const [atCpo, atEmsp] = await Promise.all([
      runSettlement(cpo.client, cpo.temporal.taskQueue, { partnerId: emspOnCpo, period: PERIOD }),
      runSettlement(emsp.client, emsp.temporal.taskQueue, { partnerId: cpoOnEmsp, period: PERIOD }),
    ]);
    for (const [node, result] of [
      [cpo, atCpo],
      [emsp, atEmsp],
    ] as const) {
      expect(result.statement).toMatchObject({ netInclVat: '0.00', findings: 0 });
      const statement = (await getStatement(node.db, result.statement.statementId))!
        .statement as SettlementStatement;
      expect(statement.lines.map((l) => [l.cdrId, l.inclVat, l.status])).toEqual([
        [cdrId, '3.93', 'credited'],
        [`${cdrId}-C`, '-3.93', 'credit'],
      ]);
    }
  });
});
