// The worker process dies mid-session (SIGKILL: no drain, local activities and workflow tasks cut off)
// while the charger keeps sending; the edge keeps storing its samples. A new worker process picks the
// session up, and it ends with exactly the CDR of a crash-free run of the same scenario, every sample
// stored once.
import type { SimOcppVersion } from '../../src/sim';
import { runChargingScenario } from '../../src/sim';
import { getCdrForSession, getSession, listSamples } from '../../src/db';
import { sessionWorkflowId } from '../../workflows/chargeSessionMessages';
import { useTestDatabase } from '../helpers/db';
import { BERLIN_EVENING, BERLIN_EVENING_TOTALS } from './berlinScenario';
import { comparableCdr } from './comparableCdr';
import { connectBerlinCharger, sessionResult, useLifecycleRig } from './lifecycleRig';
import type { ScriptedCharger } from './scriptedCharger';
import { bundleFile, startWorkerChild, type WorkerChild } from './workerChild';

const testDb = useTestDatabase();
// Gateway and session service here; the worker runs in a child process the test can kill.
const rig = useLifecycleRig(testDb, { worker: false });

/** The worker dies after this many MeterValues and a new one starts after that many more. */
const KILL_AFTER = 20;
const RESTART_AFTER = 35;

let worker: WorkerChild | undefined;
let bundlePath: string;

function startWorker(): Promise<WorkerChild> {
  const { config } = testDb.current;
  if (config.kind !== 'postgres') throw new Error('the worker process needs a PostgreSQL test database');
  return startWorkerChild({ databaseUrl: config.url, temporal: rig.current.temporal, bundlePath });
}

beforeAll(async () => {
  bundlePath = bundleFile(rig.current.workflowBundle);
  worker = await startWorker();
}, 60_000);

afterAll(async () => {
  await worker?.stop();
});

/** Stored samples as (timestamp, register) pairs, sorted: what the session has on record. */
async function storedReadings(sessionId: string): Promise<string[]> {
  const stored = await listSamples(testDb.db, sessionId);
  return stored.map((s) => `${s.timestamp} ${s.energyWh}`).sort();
}

describe.each(['1.6', '2.0.1'] as const)('a session over OCPP %s', (ocppVersion: SimOcppVersion) => {
  let steady: ScriptedCharger;
  let crashed: ScriptedCharger;

  beforeAll(async () => {
    steady = await connectBerlinCharger(rig.current, testDb.db, 'STEADY', ocppVersion);
    crashed = await connectBerlinCharger(rig.current, testDb.db, 'CRASH', ocppVersion);
  });
  afterAll(async () => {
    await steady?.close();
    await crashed?.close();
  });

  it('survives its worker process being killed: same CDR as a crash-free run, each sample stored once', async () => {
    const reference = await runChargingScenario(steady, BERLIN_EVENING);
    const referenceSummary = await sessionResult(rig.current, steady.chargePointId, reference.transactionId!);

    const killed: Array<NodeJS.Signals | number | null> = [];
    let workerDown: { from: number; to: number } | undefined;
    crashed.afterMeterValues = async ({ count }) => {
      if (count === KILL_AFTER) {
        const dying = worker!;
        worker = undefined;
        await dying.kill();
        killed.push(await dying.exited);
        workerDown = { from: Date.now(), to: Infinity };
      }
      if (count === RESTART_AFTER) {
        workerDown!.to = Date.now();
        worker = await startWorker();
      }
    };
    const run = await runChargingScenario(crashed, BERLIN_EVENING);
    expect(killed).toEqual(['SIGKILL']);
    expect(run.authorizationStatus).toBe('Accepted');
    const summary = await sessionResult(rig.current, crashed.chargePointId, run.transactionId!);

    // Hand-worked totals, and the very CDR of the crash-free run.
    expect(summary!.totalCost).toEqual(BERLIN_EVENING_TOTALS.totalCost);
    expect(summary).toEqual({ ...referenceSummary, cdrId: summary!.cdrId });
    const sessionId = sessionWorkflowId(crashed.chargePointId, run.transactionId!);
    const referenceId = sessionWorkflowId(steady.chargePointId, reference.transactionId!);
    const cdr = (await getCdrForSession(testDb.db, sessionId))!.cdr;
    const referenceCdr = (await getCdrForSession(testDb.db, referenceId))!.cdr;
    expect(comparableCdr(cdr)).toEqual(comparableCdr(referenceCdr));
    expect(cdr.end_date_time).toBe(BERLIN_EVENING_TOTALS.endDateTime);

    // Every reading the charger sent is on record exactly once (1.6 sends its start register in
    // StartTransaction.meterStart, not as a sample), none flagged, none extra.
    const sent = run.samples
      .filter((s) => ocppVersion === '2.0.1' || s.context !== 'Transaction.Begin')
      .map((s) => `${s.timestamp} ${s.energyWh}`)
      .sort();
    expect(sent).toHaveLength(BERLIN_EVENING_TOTALS.meterValues + (ocppVersion === '1.6' ? 1 : 2));
    expect(await storedReadings(sessionId)).toEqual(sent);
    expect((await listSamples(testDb.db, sessionId)).filter((s) => s.flags.length > 0)).toEqual([]);
    expect(await getSession(testDb.db, sessionId)).toMatchObject({ status: 'rated' });

    // The crash did hit this session: samples arrived while no worker ran, and Temporal had to take a
    // workflow task back from the dead worker (timed out) and hand it to the new one.
    const storedWhileDown = (await listSamples(testDb.db, sessionId)).filter((s) => {
      const at = Date.parse(s.receivedAt);
      return at >= workerDown!.from && at <= workerDown!.to;
    });
    expect(storedWhileDown.length).toBeGreaterThanOrEqual(RESTART_AFTER - KILL_AFTER - 1);
    const { events } = await rig.current.client.workflow.getHandle(sessionId).fetchHistory();
    expect(events!.filter((e) => e.workflowTaskTimedOutEventAttributes).length).toBeGreaterThan(0);
  }, 180_000);
});
