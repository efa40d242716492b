// An operator stops a session: SessionService.remoteStop → the workflow asks the OCPP gateway (through
// its activity task queue) → RemoteStopTransaction (1.6) / RequestStopTransaction (2.0.1) reaches the
// simulated charger, which accepts and ends the transaction with reason Remote → the CDR.
import { getCdrForSession, getSession } from '../../src/db';
import { runChargingScenario, type SimOcppVersion } from '../../src/sim';
import { sessionWorkflowId } from '../../workflows/chargeSessionMessages';
import { useTestDatabase } from '../helpers/db';
import { BERLIN_EVENING, FIRST_HALF_HOUR } from './berlinScenario';
import { connectBerlinCharger, eventually, sessionResult, useLifecycleRig } from './lifecycleRig';

const testDb = useTestDatabase();
// Another deployment on the same Temporal namespace (its own task queue, its own gateway holding none of
// our chargers), started first so its gateway worker is first in line: it must never be the one asked
// to stop our chargers (it would answer "not connected" and the session would close without the charger).
useLifecycleRig(testDb, { worker: false });
const rig = useLifecycleRig(testDb);

/** Thrown by the charger's script once it has been asked to stop: the scenario ends there. */
class AskedToStop extends Error {}

describe.each(['1.6', '2.0.1'] as const)('a remote stop over OCPP %s', (ocppVersion: SimOcppVersion) => {
  it('reaches the charger, which stops the transaction; the CDR ends at the stop', async () => {
    const charger = await connectBerlinCharger(rig.current, testDb.db, 'REMOTE', ocppVersion);
    let transactionId: string | undefined;
    charger.afterMeterValues = async (sent) => {
      transactionId = sent.transactionId;
      if (sent.count < FIRST_HALF_HOUR.meterValues) return;
      const sessionId = sessionWorkflowId(charger.chargePointId, transactionId!);
      await rig.current.stack.sessions.remoteStop(sessionId, 'operator:remote-stop-test');
      await eventually('the charger to be asked to stop', async () =>
        charger.remoteStopRequests.length > 0 ? true : undefined,
      );
      throw new AskedToStop();
    };
    await expect(runChargingScenario(charger, BERLIN_EVENING)).rejects.toBeInstanceOf(AskedToStop);
    expect(charger.remoteStopRequests).toEqual([transactionId]);

    // The charger ends the transaction as asked, at the instant of its last reading.
    const end = {
      timestamp: charger.lastSample.timestamp,
      energyWh: charger.lastSample.energyWh!,
      context: 'Transaction.End',
    };
    await charger.stopTransaction({
      transactionId: transactionId!,
      meterStopWh: end.energyWh,
      timestamp: end.timestamp,
      reason: 'Remote',
      samples: ocppVersion === '1.6' ? [end] : [],
    });
    const summary = await sessionResult(rig.current, charger.chargePointId, transactionId!);
    await charger.close();

    expect(summary!.totalCost).toEqual(FIRST_HALF_HOUR.totalCost);
    const sessionId = sessionWorkflowId(charger.chargePointId, transactionId!);
    const session = await getSession(testDb.db, sessionId);
    expect(session).toMatchObject({
      status: 'rated',
      stopReason: 'Remote',
      stoppedAt: end.timestamp,
      meterStopWh: String(1_000_000 + Number(FIRST_HALF_HOUR.energyWh)),
    });
    expect(session!.flags).not.toHaveProperty('remote_stop_unanswered');
    const cdr = (await getCdrForSession(testDb.db, sessionId))!.cdr;
    expect(cdr.end_date_time).toBe(FIRST_HALF_HOUR.lastSampleAt);
    expect(cdr.total_energy).toBe(6);
    expect(cdr.total_cost).toEqual({ excl_vat: 2.3, incl_vat: 2.737 });
  });
});
