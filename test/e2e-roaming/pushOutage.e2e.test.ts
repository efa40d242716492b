// The eMSP is down while its driver's session at the CPO ends (issue 5's fault test, through Temporal):
// the two installations of twoParty.e2e.test.ts, with a proxy in front of the eMSP's API that the CPO
// was told to reach it at. First the eMSP refuses connections, then it answers 503: the CPO's cdrPush
// workflow keeps retrying, every attempt recorded, and nothing reaches the eMSP. Then it comes back,
// and the first answer that gets through is lost on the way (the eMSP has the CDR, the CPO does not
// know): the push tries once more and is done. The eMSP holds the CDR once, and invoices it once.
//
// The CPO retries at a test's pace (a deployment setting, RoamingSettings.pushRetry) rather than the
// production 2 s doubling to 10 min, so the outage lasts seconds; nothing waits for a fixed time.
import type { WorkflowHandle } from '@temporalio/client';
import { getDelivery, listInvoices, listReceivedCdrs } from '../../src/db';
import { cdrPushResult } from '../../src/roaming/roamingWorkflows';
import {
  cdrPushWorkflowId,
  receivedCdrWorkflowId,
  type ReceivedCdrResult,
} from '../../workflows/roamingMessages';
import { eventually } from '../api/http';
import { useTestDatabase } from '../helpers/db';
import { startFlakyProxy, type FlakyProxy } from '../ocpi/support/flakyProxy';
import { driverChargesAtCpo } from './chargeAtCpo';
import { DRIVER, useRoamingPair } from './roamingWorld';

const cpoDb = useTestDatabase();
const emspDb = useTestDatabase();
let proxy: FlakyProxy | undefined;
const roaming = useRoamingPair(
  { cpo: cpoDb, emsp: emspDb },
  {
    advertiseEmsp: async (apiOrigin) => {
      proxy = await startFlakyProxy(apiOrigin);
      return proxy.url;
    },
    cpoPushRetry: { initialIntervalMs: 200, maximumIntervalMs: 1_000 },
  },
);
afterAll(() => proxy?.close());

/** Requests answered 503 while the eMSP is "in maintenance": more than any test run makes. */
const UNTIL_TOLD_OTHERWISE = 1_000_000;

let cdrId: string;
let push: WorkflowHandle;

const delivery = () => getDelivery(roaming.current.cpo.db, cdrId, roaming.current.emspOnCpo);

/** The push workflow as Temporal sees it: its status and its pending POST's attempt and last failure. */
async function pushState() {
  const described = await push.describe();
  const [pending] = described.raw.pendingActivities ?? [];
  return {
    status: described.status.name,
    activity: pending?.activityType?.name,
    attempt: pending?.attempt ?? 0,
    lastFailure: pending?.lastFailure?.message ?? '',
  };
}

/** The attempt number Temporal recorded for the push activity that finally completed. */
async function completedPushAttempt(): Promise<number | null | undefined> {
  const { events } = await push.fetchHistory();
  return events?.find((event) => event.activityTaskStartedEventAttributes)?.activityTaskStartedEventAttributes
    ?.attempt;
}

describe('a CDR push while the eMSP is down', () => {
  it('the eMSP refuses connections: the session ends, its CDR push keeps retrying, nothing arrives', async () => {
    const { cpo, emsp, emspOnCpo } = roaming.current;
    await proxy!.refuse();
    cdrId = await driverChargesAtCpo(cpo);
    push = cpo.client.workflow.getHandle(cdrPushWorkflowId(emspOnCpo, cdrId));

    const refused = await eventually(
      'three refused push attempts',
      delivery,
      (row) => (row?.attempts ?? 0) >= 3,
    );
    expect(refused).toMatchObject({ status: 'pending', lastHttpStatus: null, lastOcpiStatus: null });
    expect(refused!.lastMessage).toMatch(/ECONNREFUSED/);
    const state = await pushState();
    expect(state).toMatchObject({ status: 'RUNNING', activity: 'pushCdrToPartner' });
    expect(state.attempt).toBeGreaterThanOrEqual(3);
    expect(state.lastFailure).toMatch(/ECONNREFUSED/);
    expect(await listReceivedCdrs(emsp.db)).toEqual([]);
  });

  it('then it answers 503: still retrying, still nothing stored at the eMSP', async () => {
    const { emsp } = roaming.current;
    // Only the CPO's push goes through the proxy now: each request it counts is a push attempt.
    const requestsBefore = proxy!.requests;
    const attemptsBefore = (await delivery())!.attempts;
    proxy!.fail(UNTIL_TOLD_OTHERWISE, 'unavailable');
    await proxy!.listen();

    const unavailable = await eventually(
      'two push attempts answered 503',
      delivery,
      (row) => row!.lastHttpStatus === 503 && proxy!.requests >= requestsBefore + 2,
    );
    expect(unavailable).toMatchObject({ status: 'pending', lastMessage: 'HTTP 503' });
    expect(unavailable!.attempts).toBeGreaterThanOrEqual(attemptsBefore + 2);
    const state = await pushState();
    expect(state.status).toBe('RUNNING');
    expect(state.attempt).toBeGreaterThan(attemptsBefore + 1);
    expect(state.lastFailure).toBe('HTTP 503');
    expect(await listReceivedCdrs(emsp.db)).toEqual([]);
    expect(await listInvoices(emsp.db, { kind: 'invoice' })).toEqual([]);
  });

  it('back again, its first answer lost on the way: the CDR is delivered exactly once', async () => {
    const { cpo, emsp, emspOnCpo } = roaming.current;
    // The next POST reaches the eMSP, which stores the CDR, but the CPO gets a 502 for it.
    proxy!.fail(1, 'lose-answer');

    expect(await cdrPushResult(cpo.client, { partnerId: emspOnCpo, cdrId })).toMatchObject({
      outcome: 'accepted',
      alreadyAccepted: false,
      location: expect.stringMatching(/\/ocpi\/2\.2\.1\/emsp\/cdrs\//),
    });
    // The resend after the lost answer is the one the CPO saw accepted: 200, "had it already".
    const accepted = (await delivery())!;
    expect(accepted).toMatchObject({ status: 'accepted', lastHttpStatus: 200, lastOcpiStatus: 1000 });
    // Every attempt Temporal made is on the delivery row: refused ones, 503s, the lost one, the last.
    expect(accepted.attempts).toBeGreaterThanOrEqual(3 + 2 + 2);
    expect(await completedPushAttempt()).toBe(accepted.attempts);

    const received = await listReceivedCdrs(emsp.db);
    expect(received.map((record) => record.cdr.id)).toEqual([cdrId]);
    const handover: ReceivedCdrResult = await emsp.client.workflow
      .getHandle(receivedCdrWorkflowId({ countryCode: 'DE', partyId: 'CLG', cdrId }))
      .result();
    expect(handover).toMatchObject({
      outcome: 'invoiced',
      customerId: DRIVER.id,
      invoice: { gross: '8.78', created: true },
    });
    const invoices = await listInvoices(emsp.db, { kind: 'invoice' });
    expect(invoices.map((invoice) => [invoice.customerId, invoice.totals.gross])).toEqual([
      [DRIVER.id, '8.78'],
    ]);
  });
});
