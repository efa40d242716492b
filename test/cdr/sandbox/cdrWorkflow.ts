// A workflow that runs the pure CDR code inside Temporal's deterministic sandbox: classifying samples,
// building periods and the CDR, and reading a base64 OCMF record (TextDecoder, no Buffer).
import { buildCdr } from '../../../src/cdr/cdr';
import { buildChargingPeriods, type ChargingPeriodsInput } from '../../../src/cdr/chargingPeriods';
import { parseOcmf } from '../../../src/cdr/ocmf';
import { classifySample, runningTotals, startMeterRunningState } from '../../../src/session/meterValidation';
import type { Cdr } from '../../../src/tariff/types';
import { LOCATION, TOKEN } from '../cdrFixtures';
import { fixedSplitPlan, type FixedPlan } from '../splitPlanFixture';

export interface SandboxInput {
  session: Omit<ChargingPeriodsInput, 'splitPlan'>;
  plan: FixedPlan;
  ocmfBase64: string;
  now: string;
}

export interface SandboxOutput {
  running: ReturnType<typeof runningTotals>;
  cdr: Cdr;
  ocmfStopWh: string | undefined;
}

export function cdrOf(input: SandboxInput): SandboxOutput {
  let state = startMeterRunningState({
    sessionStart: input.session.sessionStart,
    meterStartWh: input.session.meterStartWh,
  });
  for (const sample of input.session.samples) state = classifySample(state, sample, input.now).state;
  const charging = buildChargingPeriods({ ...input.session, splitPlan: fixedSplitPlan(input.plan) });
  const cdr = buildCdr({
    owner: { countryCode: 'DE', partyId: 'ABC' },
    cdrId: 'CDR-SANDBOX-1',
    token: TOKEN,
    authMethod: 'COMMAND',
    location: LOCATION,
    currency: 'EUR',
    charging,
    lastUpdated: input.now,
  });
  const stop = parseOcmf(input.ocmfBase64).readings.at(-1)?.value;
  return { running: runningTotals(state), cdr, ocmfStopWh: stop };
}

export async function cdrInSandbox(input: SandboxInput): Promise<SandboxOutput> {
  return cdrOf(input);
}
