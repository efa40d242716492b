// The embedded default: one full session (OCPP 1.6, real gateway, real Temporal) on an in-memory PGlite
// database instead of a PostgreSQL server, so the zero-setup path cannot rot unnoticed.
import { getCdrForSession, getSession, listSamples } from '../../src/db';
import { runChargingScenario } from '../../src/sim';
import { sessionWorkflowId } from '../../workflows/chargeSessionMessages';
import { useTestDatabase } from '../helpers/db';
import { BERLIN_EVENING, BERLIN_EVENING_TOTALS } from './berlinScenario';
import { connectBerlinCharger, sessionResult, useLifecycleRig } from './lifecycleRig';
import { expectUnknownTransactionAnsweredAndAudited } from './unknownSession';

const testDb = useTestDatabase({ kind: 'pglite' });
const rig = useLifecycleRig(testDb);

it('bills a full session on PGlite to the hand-worked totals', async () => {
  expect(testDb.current.kind).toBe('pglite');
  const charger = await connectBerlinCharger(rig.current, testDb.db, 'PGLITE', '1.6');
  const run = await runChargingScenario(charger, BERLIN_EVENING);
  const summary = await sessionResult(rig.current, charger.chargePointId, run.transactionId!);
  await charger.close();

  expect(summary!.totalCost).toEqual(BERLIN_EVENING_TOTALS.totalCost);
  expect(summary!.totalEnergyKwh).toBe('12');
  const sessionId = sessionWorkflowId(charger.chargePointId, run.transactionId!);
  expect(await getSession(testDb.db, sessionId)).toMatchObject({
    status: 'rated',
    stopReason: 'EVDisconnected',
  });
  const cdr = (await getCdrForSession(testDb.db, sessionId))!.cdr;
  expect(cdr.start_date_time).toBe(BERLIN_EVENING_TOTALS.startDateTime);
  expect(cdr.end_date_time).toBe(BERLIN_EVENING_TOTALS.endDateTime);
  expect(cdr.total_cost).toEqual({ excl_vat: 6.5515, incl_vat: 7.7963 });
  const samples = await listSamples(testDb.db, sessionId);
  expect(samples).toHaveLength(BERLIN_EVENING_TOTALS.meterValues + 1); // + the end register of StopTransaction
  expect(samples.filter((s) => s.flags.length > 0)).toEqual([]);
});

it('answers MeterValues of a transaction nobody started, stores nothing and audits it', async () => {
  const charger = await connectBerlinCharger(rig.current, testDb.db, 'PGLITE-UNKNOWN', '1.6');
  try {
    await expectUnknownTransactionAnsweredAndAudited(testDb.db, charger);
  } finally {
    await charger.close();
  }
});
