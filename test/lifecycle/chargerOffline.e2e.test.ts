// A charger that loses power mid-session never sends StopTransaction. After the inactivity timeout
// (3 s here, 24 h by default) the workflow closes the session from its last sample, flags it
// closed_by_timeout, and the CDR ends at that sample.
import { getCdrForSession, getSession } from '../../src/db';
import { runChargingScenario, type SimOcppVersion } from '../../src/sim';
import { sessionWorkflowId } from '../../workflows/chargeSessionMessages';
import { useTestDatabase } from '../helpers/db';
import { BERLIN_EVENING, BERLIN_EVENING_TOTALS, FIRST_HALF_HOUR } from './berlinScenario';
import { TOKEN_UID } from './fixtures';
import { connectBerlinCharger, sessionResult, useLifecycleRig } from './lifecycleRig';

const INACTIVITY_TIMEOUT_SECONDS = 3;

const testDb = useTestDatabase();
const rig = useLifecycleRig(testDb, { inactivityTimeoutSeconds: INACTIVITY_TIMEOUT_SECONDS });

class PowerLoss extends Error {}

describe.each(['1.6', '2.0.1'] as const)(
  'a charger over OCPP %s that goes dark',
  (ocppVersion: SimOcppVersion) => {
    it('has its session closed from the last sample after the inactivity timeout, flagged closed_by_timeout', async () => {
      const charger = await connectBerlinCharger(rig.current, testDb.db, 'DARK', ocppVersion);
      let transactionId: string | undefined;
      let lastAckAt = 0;
      charger.afterMeterValues = async (sent) => {
        transactionId = sent.transactionId;
        lastAckAt = Date.now();
        if (sent.count === FIRST_HALF_HOUR.meterValues) {
          await charger.close(); // the power goes, and with it the WebSocket
          throw new PowerLoss();
        }
      };
      await expect(runChargingScenario(charger, BERLIN_EVENING)).rejects.toBeInstanceOf(PowerLoss);
      expect(charger.lastSample.timestamp).toBe(new Date(FIRST_HALF_HOUR.lastSampleAt).toISOString());

      const summary = await sessionResult(rig.current, charger.chargePointId, transactionId!);
      expect(Date.now() - lastAckAt).toBeGreaterThanOrEqual(INACTIVITY_TIMEOUT_SECONDS * 1000);
      expect(summary!.totalCost).toEqual(FIRST_HALF_HOUR.totalCost);
      expect(summary!.totalEnergyKwh).toBe('6');

      const sessionId = sessionWorkflowId(charger.chargePointId, transactionId!);
      const session = await getSession(testDb.db, sessionId);
      expect(session).toMatchObject({
        status: 'rated',
        stopReason: 'Timeout',
        stoppedAt: new Date(FIRST_HALF_HOUR.lastSampleAt).toISOString(),
        meterStopWh: null,
      });
      expect(session!.flags).toMatchObject({ closed_by_timeout: true });
      const cdr = (await getCdrForSession(testDb.db, sessionId))!.cdr;
      expect(cdr.start_date_time).toBe(BERLIN_EVENING_TOTALS.startDateTime);
      expect(cdr.end_date_time).toBe(FIRST_HALF_HOUR.lastSampleAt);
      expect(cdr.total_energy).toBe(6);
      expect(cdr.total_parking_time ?? 0).toBe(0);
      expect(cdr.total_cost).toEqual({ excl_vat: 2.3, incl_vat: 2.737 });
    });
  },
);

it('keeps a session open while its charger reports, however often an app reads its live state', async () => {
  // The app's reads ingest what the charger stored, as the workflow's own ingests do: the workflow must
  // still count that as news, not as silence.
  const charger = await connectBerlinCharger(rig.current, testDb.db, 'TALKY', '1.6');
  const startedAt = Date.parse('2026-01-15T16:15:03Z');
  const at = (seconds: number) => new Date(startedAt + seconds * 1000).toISOString();
  const { transactionId } = await charger.startTransaction({
    connectorId: 1,
    idTag: TOKEN_UID,
    meterStartWh: '1000000',
    timestamp: at(0),
  });
  const sessionId = sessionWorkflowId(charger.chargePointId, transactionId);
  const reports = 3 * INACTIVITY_TIMEOUT_SECONDS;
  for (let i = 1; i <= reports; i++) {
    const sample = { timestamp: at(60 * i), energyWh: String(1_000_000 + 200 * i), powerW: '12000' };
    await charger.sendMeterValues(1, [sample], transactionId);
    for (let read = 0; read < 5; read++) {
      expect((await rig.current.stack.sessions.liveState(sessionId)).status).toBe('charging');
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
  await charger.stopTransaction({
    transactionId,
    meterStopWh: String(1_000_000 + 200 * reports),
    timestamp: at(60 * reports),
    reason: 'EVDisconnected',
  });
  const summary = await sessionResult(rig.current, charger.chargePointId, transactionId);
  await charger.close();
  expect(summary!.totalEnergyKwh).toBe('1.8');
  const session = await getSession(testDb.db, sessionId);
  expect(session).toMatchObject({ stopReason: 'EVDisconnected' });
  expect(session!.flags).not.toHaveProperty('closed_by_timeout');
});
