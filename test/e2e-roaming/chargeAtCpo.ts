// The eMSP's driver charges at the CPO: test/lifecycle's Berlin evening session played by a scripted
// OCPP 1.6 charger at a new charge point of the CPO, with the driver's token. Resolves with the id of
// the CDR the CPO's session workflow stored (and whose push to the eMSP it started).
import { runChargingScenario } from '../../src/sim';
import { sessionWorkflowId, type CdrSummary } from '../../workflows/chargeSessionMessages';
import { BERLIN_EVENING } from '../lifecycle/berlinScenario';
import { connectBerlinChargerAt } from '../lifecycle/lifecycleRig';
import type { RoamingNode } from './roamingNode';
import { DRIVER_UID } from './roamingWorld';

export async function driverChargesAtCpo(cpo: RoamingNode): Promise<string> {
  const charger = await connectBerlinChargerAt(cpo.stack.gateway!.url, cpo.db, 'RMG', '1.6');
  try {
    const run = await runChargingScenario(charger, { ...BERLIN_EVENING, idTag: DRIVER_UID });
    if (run.authorizationStatus !== 'Accepted')
      throw new Error(`the CPO did not accept the driver's token: ${run.authorizationStatus}`);
    const summary: CdrSummary | null = await cpo.client.workflow
      .getHandle(sessionWorkflowId(charger.chargePointId, run.transactionId!))
      .result();
    if (!summary) throw new Error('the session ended without a CDR');
    return summary.cdrId;
  } finally {
    await charger.close();
  }
}
