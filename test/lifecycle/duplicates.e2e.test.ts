// A charger that lost answers delivers the same frames again: every StartTransaction, MeterValues and
// StopTransaction (2.0.1: every TransactionEvent) goes out twice, with the very same payload, and the
// start and stop are retried once more after the CDR exists. One session, one workflow, every sample
// stored once, one CDR, and the same bill as the run without duplicates.
import type { Knex } from 'knex';
import { getCdrForSession, listSamples, listSessions } from '../../src/db';
import { runChargingScenario, type SimOcppVersion } from '../../src/sim';
import { sessionWorkflowId } from '../../workflows/chargeSessionMessages';
import { useTestDatabase } from '../helpers/db';
import { BERLIN_EVENING, BERLIN_EVENING_TOTALS } from './berlinScenario';
import { comparableCdr } from './comparableCdr';
import { connectBerlinCharger, eventually, sessionResult, useLifecycleRig } from './lifecycleRig';
import type { ScriptedCharger } from './scriptedCharger';

const testDb = useTestDatabase();
const rig = useLifecycleRig(testDb);

const REPEATED: Record<SimOcppVersion, string[]> = {
  '1.6': ['StartTransaction', 'MeterValues', 'StatusNotification', 'StopTransaction'],
  '2.0.1': ['TransactionEvent', 'StatusNotification'],
};

async function cdrCount(db: Knex, sessionId: string): Promise<number> {
  const [{ count }] = await db('cdrs').where({ session_id: sessionId }).count({ count: '*' });
  return Number(count);
}

/**
 * An answer without the token cache expiry: 2.0.1 answers the first Started event with the authorization
 * decided at the session start (cached for 24 h from the start instant) and a repeat with a fresh
 * authorization (24 h from now). Status and identity must match; the cache horizon may differ.
 */
function withoutCacheExpiry(answer: Record<string, unknown>): Record<string, unknown> {
  const info = (answer.idTagInfo ?? answer.idTokenInfo) as Record<string, unknown> | undefined;
  if (!info) return answer;
  const { expiryDate: _e, cacheExpiryDateTime: _c, ...rest } = info;
  return { ...answer, [answer.idTagInfo ? 'idTagInfo' : 'idTokenInfo']: rest };
}

/** Session workflows of a charger, every run and status (Temporal's visibility store). */
async function workflowsOf(chargePointId: string): Promise<Array<{ workflowId: string; status: string }>> {
  const found: Array<{ workflowId: string; status: string }> = [];
  const query = `WorkflowType = 'chargeSession' AND WorkflowId STARTS_WITH 'session-${chargePointId}-'`;
  for await (const execution of rig.current.client.workflow.list({ query })) {
    found.push({ workflowId: execution.workflowId, status: execution.status.name });
  }
  return found;
}

describe.each(['1.6', '2.0.1'] as const)('frames delivered twice over OCPP %s', (ocppVersion) => {
  let once: ScriptedCharger;
  let twice: ScriptedCharger;

  beforeAll(async () => {
    once = await connectBerlinCharger(rig.current, testDb.db, 'ONCE', ocppVersion);
    twice = await connectBerlinCharger(rig.current, testDb.db, 'TWICE', ocppVersion);
  });
  afterAll(async () => {
    await once?.close();
    await twice?.close();
  });

  it('make one session, one workflow and one CDR with the totals of the run without duplicates', async () => {
    const reference = await runChargingScenario(once, BERLIN_EVENING);
    await sessionResult(rig.current, once.chargePointId, reference.transactionId!);

    for (const action of REPEATED[ocppVersion]) twice.deliverTwice.add(action);
    const run = await runChargingScenario(twice, BERLIN_EVENING);
    expect(run.authorizationStatus).toBe('Accepted');
    const summary = await sessionResult(rig.current, twice.chargePointId, run.transactionId!);
    expect(summary!.totalCost).toEqual(BERLIN_EVENING_TOTALS.totalCost);

    // Both deliveries got the same answer (1.6: the same transaction id and authorization).
    const repeatedActions = new Set(twice.repeatedCalls.map((c) => c.action));
    expect([...repeatedActions].sort()).toEqual([...REPEATED[ocppVersion]].sort());
    for (const { first, second } of twice.repeatedCalls)
      expect(withoutCacheExpiry(second)).toEqual(withoutCacheExpiry(first));

    const sessionId = sessionWorkflowId(twice.chargePointId, run.transactionId!);
    const referenceId = sessionWorkflowId(once.chargePointId, reference.transactionId!);
    expect((await listSessions(testDb.db, { chargePointId: twice.chargePointId })).map((s) => s.id)).toEqual([
      sessionId,
    ]);
    const samples = await listSamples(testDb.db, sessionId);
    expect(samples).toHaveLength((await listSamples(testDb.db, referenceId)).length);
    expect(samples.filter((s) => s.flags.length > 0)).toEqual([]);
    const cdr = (await getCdrForSession(testDb.db, sessionId))!.cdr;
    const referenceCdr = (await getCdrForSession(testDb.db, referenceId))!.cdr;
    expect(comparableCdr(cdr)).toEqual(comparableCdr(referenceCdr));

    // Late retries, after the CDR exists: the start and the stop once more, answered as before.
    const startAction = ocppVersion === '1.6' ? 'StartTransaction' : 'TransactionEvent';
    const isStart = (p: Record<string, unknown>) => ocppVersion === '1.6' || p.eventType === 'Started';
    const isStop = (p: Record<string, unknown>) => ocppVersion === '1.6' || p.eventType === 'Ended';
    const stopAction = ocppVersion === '1.6' ? 'StopTransaction' : 'TransactionEvent';
    twice.deliverTwice.clear();
    const lateStart = await twice.call(startAction, twice.lastCall(startAction, isStart));
    if (ocppVersion === '1.6') expect(String(lateStart.transactionId)).toBe(run.transactionId);
    expect(withoutCacheExpiry(lateStart)).toEqual(
      withoutCacheExpiry(twice.repeatedCalls.find((c) => c.action === startAction)!.first),
    );
    await twice.call(stopAction, twice.lastCall(stopAction, isStop));

    expect(await cdrCount(testDb.db, sessionId)).toBe(1);
    expect((await getCdrForSession(testDb.db, sessionId))!.cdr).toEqual(cdr);
    expect(await listSessions(testDb.db, { chargePointId: twice.chargePointId })).toHaveLength(1);
    const workflows = await eventually('the visibility store to list the session workflow', async () => {
      const listed = await workflowsOf(twice.chargePointId);
      return listed.length > 0 && listed.every((w) => w.status === 'COMPLETED') ? listed : undefined;
    });
    expect(workflows).toEqual([{ workflowId: sessionId, status: 'COMPLETED' }]);
  });
});
