// The production layout: `chargeledger worker`, `chargeledger gateway` and `chargeledger api` as three
// separate processes on one PostgreSQL database and one Temporal server. A charger that connects to the
// gateway process gets its session run by the worker process and priced into the CDR of the Berlin
// scenario; the API process answers its health check. Nothing here runs in the test's own process but
// the charger and the checks.
import { spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { getCdr } from '../../src/db';
import { freePort } from '../../src/dev/freePort';
import { runChargingScenario } from '../../src/sim';
import { connectClient } from '../../src/temporal/connection';
import { sessionWorkflowId, type CdrSummary } from '../../workflows/chargeSessionMessages';
import { useTestDatabase } from '../helpers/db';
import { testTemporalConfig } from '../helpers/temporal';
import { BERLIN_EVENING, BERLIN_EVENING_TOTALS } from '../lifecycle/berlinScenario';
import { connectBerlinChargerAt } from '../lifecycle/lifecycleRig';

const CLI = path.resolve(__dirname, '../../bin/chargeledger.cjs');
const API_KEY = 'clg_processes_test_key_0123456789';

const testDb = useTestDatabase({ kind: 'postgres' });
const temporal = testTemporalConfig();
const children: ChildProcess[] = [];

/** Starts `chargeledger <args>` and resolves once its output contains `ready`. */
function startProcess(args: string[], ready: RegExp, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [CLI, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: {
      ...process.env,
      TEMPORAL_ADDRESS: temporal.address,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_TASK_QUEUE: temporal.taskQueue,
      LOG_LEVEL: 'info',
      ...env,
    },
  });
  children.push(child);
  let output = '';
  return new Promise((resolve, reject) => {
    const look = (chunk: Buffer) => {
      output += chunk.toString();
      if (ready.test(output)) resolve(child);
    };
    child.stdout!.on('data', look);
    child.stderr!.on('data', look);
    child.once('exit', (code) => reject(new Error(`chargeledger ${args[0]} exited (${code}):\n${output}`)));
  });
}

function stopped(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    child.once('exit', (code) => resolve(code));
    child.kill('SIGTERM');
  });
}

let gatewayUrl: string;
let apiUrl: string;

beforeAll(async () => {
  const { config } = testDb.current;
  if (config.kind !== 'postgres') throw new Error('separate processes need a PostgreSQL test database');
  const env = { DATABASE_URL: config.url };
  const [gatewayPort, apiPort] = [await freePort(), await freePort()];
  await Promise.all([
    startProcess(['worker'], /worker running/, env),
    startProcess(['gateway', '--port', String(gatewayPort)], /gateway running/, env),
    startProcess(['api'], /API listening/, {
      ...env,
      CHARGELEDGER_API_PORT: String(apiPort),
      CHARGELEDGER_BOOTSTRAP_API_KEY: API_KEY,
    }),
  ]);
  gatewayUrl = `ws://127.0.0.1:${gatewayPort}/ocpp`;
  apiUrl = `http://127.0.0.1:${apiPort}`;
}, 120_000);

afterAll(async () => {
  const codes = await Promise.all(children.map(stopped));
  // Each process drains and exits cleanly on SIGTERM.
  expect(codes).toEqual(children.map(() => 0));
}, 60_000);

it('a charger on the gateway process is priced by the worker process into the Berlin CDR', async () => {
  const charger = await connectBerlinChargerAt(gatewayUrl, testDb.db, 'PROC', '1.6');
  try {
    const run = await runChargingScenario(charger, BERLIN_EVENING);
    expect(run.authorizationStatus).toBe('Accepted');
    const client = await connectClient(temporal);
    try {
      const summary: CdrSummary | null = await client.workflow
        .getHandle(sessionWorkflowId(charger.chargePointId, run.transactionId!))
        .result();
      expect(summary!.totalCost).toEqual(BERLIN_EVENING_TOTALS.totalCost);
      const cdr = await getCdr(testDb.db, summary!.cdrId);
      expect(new Date(cdr!.endDateTime)).toEqual(new Date(BERLIN_EVENING_TOTALS.endDateTime));
      expect(cdr!.totals.cost).toEqual({ exclVat: '6.5515', inclVat: '7.7963' });
    } finally {
      await client.connection.close();
    }
  } finally {
    await charger.close();
  }
}, 120_000);

it('the API process reaches the same database and Temporal', async () => {
  const response = await fetch(`${apiUrl}/health`);
  expect(response.status).toBe(200);
  expect(await response.json()).toMatchObject({ status: 'ok' });
});
