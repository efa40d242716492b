// A long session: 2 600 samples over 2 h 10 min. A real one grows its history by one ingest every
// 5 minutes and continues as new after days; here the workflow ingests every INGEST_INTERVAL_SECONDS and
// continues as new after every ingest (MAX_HISTORY_EVENTS), and the charger waits for a new run at each
// quarter of the session, so samples, status changes and totals cross several runs. It runs as a chain
// of small runs, none holding a raw sample (the edge keeps them in PostgreSQL), and bills the
// hand-worked totals.
//
// Hand-worked (Europe/Berlin, tariff TOD-1): start 07:00:03Z = 08:00:03 local; 12 kW for exactly 2 h,
// one sample every 3 s (10 Wh each), all at the daytime price: 24 kWh × 0.30 = 7.20 (8.568 incl);
// SuspendedEV for 10 min: 10 × 0.10 = 1.00 (1.19 incl); session fee 0.50 (0.595 incl).
// Total 8.70 excl, 10.353 incl.
import type { temporal } from '@temporalio/proto';
import { getCdrForSession, listSamples } from '../../src/db';
import type { MeterSample } from '../../src/session/types';
import { sessionWorkflowId } from '../../workflows/chargeSessionMessages';
import { useTestDatabase } from '../helpers/db';
import { TOKEN_UID } from './fixtures';
import {
  connectBerlinCharger,
  eventually,
  sessionResult,
  useLifecycleRig,
  type LifecycleRig,
} from './lifecycleRig';
import type { ScriptedCharger } from './scriptedCharger';

const MAX_HISTORY_EVENTS = 5;
const INGEST_INTERVAL_SECONDS = 0.2;
const QUARTERS = 4;
const testDb = useTestDatabase();
const rig = useLifecycleRig(testDb, {
  maxHistoryEvents: MAX_HISTORY_EVENTS,
  ingestIntervalSeconds: INGEST_INTERVAL_SECONDS,
});

const START_MS = Date.parse('2026-01-15T07:00:03Z');
const METER_START_WH = 1_000_000;
const INTERVAL_S = 3;
const CHARGING_SAMPLES = 2400; // 2 h
const IDLE_SAMPLES = 200; // 10 min
const SAMPLES_PER_FRAME = 5;

const at = (seconds: number) => new Date(START_MS + seconds * 1000).toISOString();

/** Sample i (1-based): charging at 10 Wh per sample up to CHARGING_SAMPLES, then idle. */
function sampleAt(i: number): MeterSample {
  const charging = i <= CHARGING_SAMPLES;
  return {
    timestamp: at(i * INTERVAL_S),
    energyWh: String(METER_START_WH + 10 * Math.min(i, CHARGING_SAMPLES)),
    powerW: charging ? '12000' : '0',
    context: 'Sample.Periodic',
  };
}

/** Plays the long session over OCPP 1.6, several samples per MeterValues frame. */
async function playLongSession(
  charger: ScriptedCharger,
  atQuarter: (transactionId: string) => Promise<void>,
): Promise<{ transactionId: string; samples: MeterSample[] }> {
  await charger.status(1, 'Preparing', at(-3));
  const { transactionId, authorization } = await charger.startTransaction({
    connectorId: 1,
    idTag: TOKEN_UID,
    meterStartWh: String(METER_START_WH),
    timestamp: at(0),
  });
  expect(authorization?.status).toBe('Accepted');
  await charger.chargingState(1, transactionId, 'Charging', at(0));
  const samples = Array.from({ length: CHARGING_SAMPLES + IDLE_SAMPLES }, (_, k) => sampleAt(k + 1));
  const quarter = samples.length / QUARTERS;
  for (let i = 0; i < samples.length; i += SAMPLES_PER_FRAME) {
    if (i > 0 && i % quarter === 0) await atQuarter(transactionId);
    if (i === CHARGING_SAMPLES)
      await charger.chargingState(1, transactionId, 'SuspendedEV', at(i * INTERVAL_S));
    await charger.sendMeterValues(1, samples.slice(i, i + SAMPLES_PER_FRAME), transactionId);
  }
  const last = samples[samples.length - 1];
  await charger.stopTransaction({
    transactionId,
    meterStopWh: last.energyWh!,
    timestamp: last.timestamp,
    reason: 'EVDisconnected',
  });
  return { transactionId, samples };
}

/** The runs of a workflow, oldest first, found by walking back from the latest run. */
async function runChain(rig: LifecycleRig, workflowId: string): Promise<temporal.api.history.v1.IHistory[]> {
  const histories: temporal.api.history.v1.IHistory[] = [];
  let runId: string | undefined = (await rig.client.workflow.getHandle(workflowId).describe()).runId;
  while (runId) {
    const history = await rig.client.workflow.getHandle(workflowId, runId).fetchHistory();
    histories.unshift(history);
    runId = history.events![0].workflowExecutionStartedEventAttributes!.continuedExecutionRunId || undefined;
  }
  return histories;
}

/** Every payload of a history (inputs, results, signal arguments, markers), decoded: JSON text. */
function payloadsOf(history: temporal.api.history.v1.IHistory): string {
  const decoded: string[] = [];
  JSON.stringify(history, (key, value: unknown) => {
    // fetchHistory hands payload data over as base64 text.
    if (key === 'data' && typeof value === 'string')
      decoded.push(Buffer.from(value, 'base64').toString('utf8'));
    return value;
  });
  return decoded.join('\n');
}

it('continues as new in small runs that never hold a raw sample, and bills the hand-worked totals', async () => {
  const charger = await connectBerlinCharger(rig.current, testDb.db, 'LONG', '1.6');
  let firstRunId: string | undefined;
  charger.afterMeterValues = async ({ count, transactionId }) => {
    if (count !== 1) return;
    const handle = rig.current.client.workflow.getHandle(
      sessionWorkflowId(charger.chargePointId, transactionId!),
    );
    firstRunId = (await handle.describe()).runId;
  };
  const newRun = async (transactionId: string) => {
    const handle = rig.current.client.workflow.getHandle(
      sessionWorkflowId(charger.chargePointId, transactionId),
    );
    const before = (await handle.describe()).runId;
    await eventually('a new run of the session workflow', async () =>
      (await handle.describe()).runId !== before ? true : undefined,
    );
  };
  const { transactionId, samples } = await playLongSession(charger, newRun);
  const summary = await sessionResult(rig.current, charger.chargePointId, transactionId);
  await charger.close();

  expect(summary!.totalCost).toEqual({ excl_vat: '8.7', incl_vat: '10.353' });
  expect(summary!.totalEnergyKwh).toBe('24');
  const sessionId = sessionWorkflowId(charger.chargePointId, transactionId);
  const cdr = (await getCdrForSession(testDb.db, sessionId))!.cdr;
  expect(cdr.total_parking_cost).toEqual({ excl_vat: 1, incl_vat: 1.19 });
  expect(cdr.end_date_time).toBe(samples[samples.length - 1].timestamp.replace('.000Z', 'Z'));
  const stored = await listSamples(testDb.db, sessionId);
  expect(stored).toHaveLength(samples.length);
  expect(stored.filter((s) => s.flags.length > 0)).toEqual([]);

  // A chain of runs, each small; the latest is not the one the session started in.
  const histories = await runChain(rig.current, sessionId);
  expect(histories.length).toBeGreaterThanOrEqual(QUARTERS);
  expect(histories[0].events![0].eventId!.toString()).toBe('1');
  const latestRunId = (await rig.current.client.workflow.getHandle(sessionId).describe()).runId;
  expect(latestRunId).not.toBe(firstRunId);
  for (const history of histories.slice(0, -1)) {
    expect(history.events!.at(-1)!.workflowExecutionContinuedAsNewEventAttributes).toBeTruthy();
  }
  for (const history of histories)
    expect(history.events!.length).toBeLessThanOrEqual(MAX_HISTORY_EVENTS + 25);

  // No raw sample in any history: no register reading appears in any payload, though running totals do.
  // (The stop register is in the stop signal, as it should be: it is left out of the search.)
  const payloads = histories.map(payloadsOf);
  expect(payloads.at(-1)).toContain('"energyWh":"24000"');
  expect(payloads.at(-1)).toContain('"meterStopWh":"1024000"');
  const registers = new Set(samples.filter((s) => s.energyWh !== '1024000').map((s) => `"${s.energyWh!}"`));
  expect(registers.size).toBe(CHARGING_SAMPLES - 1);
  for (const text of payloads) {
    const leaked = [...registers].filter((register) => text.includes(register));
    expect(leaked).toEqual([]);
  }
}, 300_000);
