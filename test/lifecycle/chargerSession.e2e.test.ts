// End to end: a simulated charger speaking real OCPP (1.6J, then 2.0.1) to the gateway drives a real
// session workflow on the Temporal dev server; the priced CDR lands in PostgreSQL.
//
// The session (Europe/Berlin, winter, UTC+1): start 17:15:03 local, 12 kW for exactly one hour
// (200 Wh per 60 s sample), then SuspendedEV and a 20-minute idle tail. The tariff's energy price
// changes at 18:00 local = 17:00:00Z, 44 min 57 s into charging. Worked out by hand:
//   before 18:00: 2697 s × 12 kW = 8.99 kWh × 0.30 = 2.697
//   after 18:00:   903 s × 12 kW = 3.01 kWh × 0.45 = 1.3545      energy 4.0515 excl, × 1.19 = 4.821285
//   session fee 0.50 (0.595 incl), idle 20 min × 6.00 €/h = 2.00 (2.38 incl)
//   total 6.5515 excl; 7.796285 incl → 7.7963 (OCPI totals: 4 decimals, half-up)
import type { Client } from '@temporalio/client';
import { getCdrForSession, getSession, listSamples } from '../../src/db';
import { SimulatedCharger, runChargingScenario } from '../../src/sim';
import { startStack, type Stack } from '../../src/runtime/stack';
import { connectClient } from '../../src/temporal/connection';
import { bundleWorkflows } from '../../src/worker';
import { sessionWorkflowId, type CdrSummary } from '../../workflows/chargeSessionMessages';
import { useTestDatabase } from '../helpers/db';
import { testTemporalConfig } from '../helpers/temporal';
import { CHARGER_PASSWORD, TOKEN_UID, seedBerlinSite } from './fixtures';

const testDb = useTestDatabase();
const temporal = testTemporalConfig();
let stack: Stack;
let client: Client;

beforeAll(async () => {
  stack = await startStack({
    db: testDb.db,
    temporal,
    defaultOwner: { countryCode: 'DE', partyId: 'CLG' },
    ocpp: {},
    workflowBundle: await bundleWorkflows(),
  });
  client = await connectClient(temporal);
}, 120_000);

afterAll(async () => {
  await stack?.close();
  await client?.connection.close();
});

describe.each(['1.6', '2.0.1'] as const)('a session over OCPP %s', (ocppVersion) => {
  const chargePointId = `BER-${ocppVersion.replace(/\./g, '')}`;
  let charger: SimulatedCharger;

  beforeAll(async () => {
    await seedBerlinSite(testDb.db, chargePointId, ocppVersion);
    charger = new SimulatedCharger({
      url: stack.gateway!.url,
      chargePointId,
      password: CHARGER_PASSWORD,
      ocppVersion,
    });
    await charger.connect();
    await charger.boot();
  });

  afterAll(async () => {
    await charger?.close();
  });

  it('crosses a time-of-day price change and ends idle: the CDR in PostgreSQL has the hand-worked totals', async () => {
    const run = await runChargingScenario(charger, {
      connectorId: 1,
      idTag: TOKEN_UID,
      startAt: '2026-01-15T16:15:00Z',
      meterStartWh: '1000000',
      sampleIntervalSeconds: 60,
      battery: {
        capacityWh: '60000',
        startSocPercent: '20',
        targetSocPercent: '40',
        maxPowerW: '12000',
        taperFromSocPercent: '100',
        minPowerW: '12000',
      },
      idleTailSeconds: 1200,
    });
    expect(run.authorizationStatus).toBe('Accepted');
    expect(run.energyWh).toBe('12000');

    const sessionId = sessionWorkflowId(chargePointId, run.transactionId!);
    const summary: CdrSummary = await client.workflow.getHandle(sessionId).result();
    expect(summary.totalCost).toEqual({ excl_vat: '6.5515', incl_vat: '7.7963' });
    expect(summary.totalEnergyKwh).toBe('12');

    const stored = await getCdrForSession(testDb.db, sessionId);
    expect(stored).toBeDefined();
    const cdr = stored!.cdr;
    if (process.env.DEBUG_CDR) console.log(JSON.stringify(cdr.charging_periods, null, 1));
    expect(cdr.start_date_time).toBe('2026-01-15T16:15:03Z');
    expect(cdr.end_date_time).toBe('2026-01-15T17:35:03Z');
    expect(cdr.cdr_token.uid).toBe(TOKEN_UID);
    expect(cdr.cdr_location.city).toBe('Berlin');
    expect(cdr.tariffs?.map((t) => t.id)).toEqual(['TOD-1']);
    expect(cdr.charging_periods.map((p) => p.start_date_time)).toEqual([
      '2026-01-15T16:15:03Z',
      '2026-01-15T17:00:00Z',
      '2026-01-15T17:15:03Z',
    ]);
    const volume = (i: number, type: string) =>
      cdr.charging_periods[i].dimensions.find((d) => d.type === type)?.volume;
    expect([volume(0, 'ENERGY'), volume(1, 'ENERGY')]).toEqual([8.99, 3.01]);
    expect(volume(2, 'PARKING_TIME')).toBeCloseTo(1200 / 3600, 4);
    expect(volume(2, 'TIME')).toBeUndefined();
    expect(cdr.total_energy).toBe(12);
    expect(cdr.total_energy_cost).toEqual({ excl_vat: 4.0515, incl_vat: 4.8213 });
    expect(cdr.total_fixed_cost).toEqual({ excl_vat: 0.5, incl_vat: 0.595 });
    expect(cdr.total_parking_cost).toEqual({ excl_vat: 2, incl_vat: 2.38 });
    expect(cdr.total_cost).toEqual({ excl_vat: 6.5515, incl_vat: 7.7963 });
    expect(cdr.total_time).toBe(1.3333);
    expect(cdr.total_parking_time).toBe(0.3333);

    const session = await getSession(testDb.db, sessionId);
    expect(session).toMatchObject({
      status: 'rated',
      tariffId: 'TOD-1',
      tariffVersion: 1,
      timeZone: 'Europe/Berlin',
    });
    // Every reading the charger sent is stored once and none was flagged.
    const samples = await listSamples(testDb.db, sessionId);
    expect(samples.filter((s) => s.flags.length > 0)).toEqual([]);
    expect(samples.length).toBeGreaterThanOrEqual(60 + 20);
  });
});
