// During a session the workflow's liveState query tells energy and cost so far: what stopping at the
// last accepted sample would bill, worked out by hand at three points of the BERLIN_EVENING session
// (tariff TOD-1, see berlinScenario.ts):
//   after 30 min (16:45:03Z):  6 kWh × 0.30 = 1.80 + fee 0.50 = 2.30 excl; 2.142 + 0.595 = 2.737 incl
//   after 60 min (17:15:03Z):  8.99 × 0.30 + 3.01 × 0.45 = 4.0515 + 0.50 = 4.5515 excl;
//                              4.821285 + 0.595 = 5.416285 → 5.4163 incl
//   10 min idle (17:25:03Z):   + 10 min × 6.00 €/h = 1.00 (1.19 incl) → 5.5515 excl; 6.606285 → 6.6063 incl
import { runChargingScenario, type SimOcppVersion } from '../../src/sim';
import {
  sessionWorkflowId,
  type LiveTotals,
  type SessionLiveState,
} from '../../workflows/chargeSessionMessages';
import { useTestDatabase } from '../helpers/db';
import { BERLIN_EVENING, BERLIN_EVENING_TOTALS } from './berlinScenario';
import { connectBerlinCharger, eventually, sessionResult, useLifecycleRig } from './lifecycleRig';

const testDb = useTestDatabase();
const rig = useLifecycleRig(testDb);

type Expected = Pick<LiveTotals, 'energyWh' | 'chargingSeconds' | 'parkingSeconds' | 'costSoFar'>;

/** Keyed by the number of MeterValues sent (60 charging, then idle). */
const CHECKPOINTS: Record<number, Expected> = {
  30: {
    energyWh: '6000',
    chargingSeconds: 1800,
    parkingSeconds: 0,
    costSoFar: { excl_vat: '2.3000', incl_vat: '2.7370' },
  },
  60: {
    energyWh: '12000',
    chargingSeconds: 3600,
    parkingSeconds: 0,
    costSoFar: { excl_vat: '4.5515', incl_vat: '5.4163' },
  },
  70: {
    energyWh: '12000',
    chargingSeconds: 3600,
    parkingSeconds: 600,
    costSoFar: { excl_vat: '5.5515', incl_vat: '6.6063' },
  },
};

describe.each(['1.6', '2.0.1'] as const)('a session over OCPP %s', (ocppVersion: SimOcppVersion) => {
  it('reports energy and cost so far, as the rating of the periods so far gives by hand', async () => {
    const charger = await connectBerlinCharger(rig.current, testDb.db, 'LIVE', ocppVersion);
    const seen: Record<number, SessionLiveState> = {};
    charger.afterMeterValues = async ({ count, samples, transactionId }) => {
      if (!CHECKPOINTS[count]) return;
      const sessionId = sessionWorkflowId(charger.chargePointId, transactionId!);
      // The charger waits here until the workflow has ingested what it just sent.
      seen[count] = await eventually(`live state after MeterValues #${count}`, async () => {
        const live = await rig.current.stack.sessions.liveState(sessionId);
        return live.totals.lastSampleAt === samples[0].timestamp ? live : undefined;
      });
    };
    const run = await runChargingScenario(charger, BERLIN_EVENING);
    const summary = await sessionResult(rig.current, charger.chargePointId, run.transactionId!);
    await charger.close();

    for (const [count, expected] of Object.entries(CHECKPOINTS)) {
      expect({ count, ...seen[Number(count)] }).toMatchObject({
        count,
        status: 'charging',
        tariff: { id: 'TOD-1', version: 1, currency: 'EUR' },
        totals: { ...expected, samplesFlagged: 0, flags: [] },
      });
    }
    expect(summary!.totalCost).toEqual(BERLIN_EVENING_TOTALS.totalCost);
  });
});
