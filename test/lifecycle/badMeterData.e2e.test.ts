// Junk meter data during a real session (simulated charger → OCPP gateway → PostgreSQL → session
// workflow): readings out of order, repeated with another context, running backwards, a reset register,
// a clock far in the future and an unset clock before 2000. Every one is stored, flagged in
// meter_samples.flags with its reason, and never billed: the CDR is the clean run's, to the cent.
import { getCdrForSession, getSession, listSamples } from '../../src/db';
import { runChargingScenario, type SimOcppVersion } from '../../src/sim';
import type { MeterSample } from '../../src/session/types';
import { sessionWorkflowId } from '../../workflows/chargeSessionMessages';
import { useTestDatabase } from '../helpers/db';
import { BERLIN_EVENING, BERLIN_EVENING_TOTALS, berlinRegisterAfter } from './berlinScenario';
import { comparableCdr } from './comparableCdr';
import { connectBerlinCharger, sessionResult, useLifecycleRig } from './lifecycleRig';
import type { ScriptedCharger } from './scriptedCharger';

const testDb = useTestDatabase();
const rig = useLifecycleRig(testDb);

/** After the 10th charging sample (16:25:03Z, register 1 002 000 Wh), one of each kind of junk. */
const JUNK_AFTER = 10;
function junkAfterTenMinutes(): Array<{ sample: MeterSample; flag: string }> {
  const last = { timestamp: '2026-01-15T16:25:03.000Z', energyWh: berlinRegisterAfter(10) };
  return [
    { flag: 'out_of_order', sample: { timestamp: '2026-01-15T16:24:33.000Z', energyWh: '1001900' } },
    // The last reading again, this time as a clock-aligned read: another row, the same reading.
    {
      flag: 'duplicate',
      sample: { ...last, powerW: '12000', currentA: '17.4', socPercent: '23.3', context: 'Sample.Clock' },
    },
    { flag: 'negative_delta', sample: { timestamp: '2026-01-15T16:25:33.000Z', energyWh: '1001950' } },
    { flag: 'register_reset', sample: { timestamp: '2026-01-15T16:25:43.000Z', energyWh: '3' } },
    { flag: 'future', sample: { timestamp: '2100-01-01T00:00:00.000Z', energyWh: '1002100' } },
    { flag: 'ancient', sample: { timestamp: '1999-12-31T23:59:00.000Z', energyWh: '1002000' } },
  ];
}

async function playBerlinEvening(charger: ScriptedCharger) {
  const run = await runChargingScenario(charger, BERLIN_EVENING);
  expect(run.authorizationStatus).toBe('Accepted');
  const summary = await sessionResult(rig.current, charger.chargePointId, run.transactionId!);
  const sessionId = sessionWorkflowId(charger.chargePointId, run.transactionId!);
  const stored = await getCdrForSession(testDb.db, sessionId);
  return { run, summary, sessionId, cdr: stored!.cdr };
}

describe.each(['1.6', '2.0.1'] as const)('junk meter data over OCPP %s', (ocppVersion: SimOcppVersion) => {
  let clean: ScriptedCharger;
  let junky: ScriptedCharger;

  beforeAll(async () => {
    clean = await connectBerlinCharger(rig.current, testDb.db, 'CLEAN', ocppVersion);
    junky = await connectBerlinCharger(rig.current, testDb.db, 'JUNK', ocppVersion);
  });
  afterAll(async () => {
    await clean?.close();
    await junky?.close();
  });

  it('is stored and flagged with its reason, and the CDR equals the clean run’s', async () => {
    const junk = junkAfterTenMinutes();
    junky.afterMeterValues = async ({ count, connectorId, transactionId }) => {
      if (count !== JUNK_AFTER) return;
      expect(junky.lastSample.timestamp).toBe('2026-01-15T16:25:03.000Z');
      for (const { sample } of junk) await junky.inject(connectorId, [sample], transactionId);
    };
    const reference = await playBerlinEvening(clean);
    const dirty = await playBerlinEvening(junky);

    expect(dirty.summary).toEqual({ ...reference.summary, cdrId: dirty.summary!.cdrId });
    expect(dirty.summary!.totalCost).toEqual(BERLIN_EVENING_TOTALS.totalCost);
    expect(comparableCdr(dirty.cdr)).toEqual(comparableCdr(reference.cdr));
    expect(dirty.cdr.end_date_time).toBe(BERLIN_EVENING_TOTALS.endDateTime);

    const samples = await listSamples(testDb.db, dirty.sessionId);
    const flagged = samples
      .filter((s) => s.flags.length > 0)
      .map((s) => ({ timestamp: s.timestamp, energyWh: s.energyWh, flags: s.flags }));
    expect(flagged).toEqual(
      expect.arrayContaining(
        junk.map(({ sample, flag }) => ({
          timestamp: new Date(sample.timestamp).toISOString(),
          energyWh: sample.energyWh,
          flags: [flag],
        })),
      ),
    );
    expect(flagged).toHaveLength(junk.length);
    // Everything else the charger sent is stored once and accepted.
    const cleanSamples = await listSamples(testDb.db, reference.sessionId);
    expect(samples.length).toBe(cleanSamples.length + junk.length);
    expect(cleanSamples.filter((s) => s.flags.length > 0)).toEqual([]);

    const session = await getSession(testDb.db, dirty.sessionId);
    expect(session).toMatchObject({ status: 'rated', stopReason: 'EVDisconnected' });
  });
});
