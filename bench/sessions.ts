// Session throughput end to end (`npm run bench:sessions`): N simulated chargers (OCPP 1.6 over real
// WebSockets) each play a full session at the same time — start, M MeterValues a few simulated seconds
// apart, stop — through the gateway, the session workflows on a Temporal dev server of the benchmark's
// own, and PostgreSQL, until every session's CDR is rated and stored. Prints sessions completed per
// second, StartTransaction and MeterValues latency until the charger's answer (the gateway answers
// MeterValues once the samples are durable in PostgreSQL), CPU and RSS per process, and where the
// workflows' time went.
//   npm run bench:sessions -- --chargers 200 --samples 60
//   npm run bench:sessions -- --worker-in-process       (gateway and worker share one event loop, as in `dev`)
//   npm run bench:sessions -- --cpu-prof-dir /tmp/prof  (CPU profiles of the worker's threads, for DevTools)
// The worker runs in a process of its own by default, as in production (src/runtime/stack.ts): sharing
// the gateway's event loop, it delays every MeterValues answer behind workflow tasks and ingests.
// The chargers run in a process of their own (bench/chargerFleet.ts): the load generator shares neither
// an event loop nor a CPU account with what it measures.
// Target on a 2-core machine: ≥ 20 completed sessions/s with 60 samples each, MeterValues p99 < 250 ms.
// Figures only; nothing here asserts a speed. PostgreSQL: DATABASE_URL, or a fresh schema on
// 127.0.0.1:5432/test (dropped after).
import { monitorEventLoopDelay } from 'node:perf_hooks';
import type { Client } from '@temporalio/client';
import { Command, InvalidArgumentError } from 'commander';
import type { Knex } from 'knex';
import { openDatabase } from '../src/db';
import { DEFAULT_POOL_MAX } from '../src/db/knex';
import { startTemporalDevServer } from '../src/dev/temporalServer';
import { startStack } from '../src/runtime/stack';
import type { ChargingScenario } from '../src/sim';
import { connectClient } from '../src/temporal/connection';
import { bundleWorkflows } from '../src/worker';
import { sessionWorkflowId } from '../workflows/chargeSessionMessages';
import { TEST_DATABASE_URL, adminKnex, newSchemaName, urlWithSchema } from '../test/helpers/postgres';
import { CHARGER_PASSWORD, TOKEN_UID, seedBerlinSite } from '../test/lifecycle/fixtures';
import { bundleFile, startWorkerChild, type WorkerChild } from '../test/lifecycle/workerChild';
import { startChargerFleet } from './fleetProcess';
import { historyBreakdown } from './historyBreakdown';
import { describeLatencies, percentile } from './percentiles';
import { loadAverage, pidsMatching, usageBetween, usageOf, type CpuSnapshot } from './processUsage';
import { wallClockMs } from './timedCharger';

interface BenchOptions {
  chargers: number;
  samples: number;
  intervalSeconds: number;
  workerInProcess: boolean;
  workers: number;
  poolMax: number;
  connectConcurrency: number;
  cpuProfDir?: string;
}

const wholeNumber = (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError('expected a whole number ≥ 0');
  return n;
};

function parseOptions(): BenchOptions {
  return new Command('bench:sessions')
    .option('--chargers <n>', 'concurrent simulated chargers, one session each', wholeNumber, 200)
    .option('--samples <n>', 'MeterValues per session', wholeNumber, 60)
    .option('--interval-seconds <n>', 'simulated seconds between two MeterValues', wholeNumber, 5)
    .option('--worker-in-process', 'run the worker in this process instead of a child process', false)
    .option('--workers <n>', 'worker processes (each with its own pool)', wholeNumber, 1)
    .option('--pool-max <n>', 'PostgreSQL connections per process', wholeNumber, DEFAULT_POOL_MAX)
    .option('--connect-concurrency <n>', 'chargers connecting and booting at once', wholeNumber, 50)
    .option('--cpu-prof-dir <dir>', "write the worker process's V8 CPU profiles (one per thread) here")
    .parse()
    .opts<BenchOptions>();
}

/** `samples` MeterValues at 12 kW, `intervalSeconds` apart; the battery takes exactly that energy. */
function scenario(options: BenchOptions): ChargingScenario {
  const energyWh = (12_000 * options.samples * options.intervalSeconds) / 3600;
  return {
    connectorId: 1,
    idTag: TOKEN_UID,
    startAt: '2026-01-15T09:00:00Z',
    meterStartWh: '1000000',
    sampleIntervalSeconds: options.intervalSeconds,
    battery: {
      capacityWh: String(energyWh * 10), // the session charges 10 % of it
      startSocPercent: '20',
      targetSocPercent: '30',
      maxPowerW: '12000',
      taperFromSocPercent: '100',
      minPowerW: '12000',
    },
    idleTailSeconds: 0,
  };
}

interface BenchDatabase {
  url: string;
  db: Knex;
  drop(): Promise<void>;
}

/** DATABASE_URL as given, or a fresh schema on the local server that is dropped afterwards. */
async function benchDatabase(poolMax: number): Promise<BenchDatabase> {
  if (process.env.DATABASE_URL) {
    const url = process.env.DATABASE_URL;
    const db = await openDatabase({ kind: 'postgres', url }, { poolMax });
    return { url, db, drop: () => db.destroy() };
  }
  const schema = newSchemaName();
  const admin = adminKnex();
  await admin.raw('create schema ??', [schema]);
  const url = urlWithSchema(TEST_DATABASE_URL, schema);
  const db = await openDatabase({ kind: 'postgres', url }, { poolMax });
  return {
    url,
    db,
    async drop() {
      await db.destroy();
      await admin.raw('drop schema if exists ?? cascade', [schema]);
      await admin.destroy();
    },
  };
}

function usageLine(name: string, used: CpuSnapshot, seconds: number): string {
  const cpu = used.cpuSeconds;
  return (
    `  ${name.padEnd(38)} CPU ${cpu.toFixed(1).padStart(6)} s (${((100 * cpu) / seconds).toFixed(0).padStart(3)} % of one core)` +
    `  RSS ${(used.rssBytes / 2 ** 20).toFixed(0).padStart(5)} MiB`
  );
}

/**
 * When the last of `count` CDRs was stored (wall-clock ms), watched in PostgreSQL: no Temporal call
 * per session inside the measured time (result() and describe() of 200 workflows cost the server and
 * this process CPU that the figures would blame on the system). Clocks: one machine, one clock.
 */
async function lastCdrStoredAt(db: Knex, count: number): Promise<number> {
  for (;;) {
    const [row] = await db('cdrs').count({ n: '*' }).max({ last: 'created_at' });
    if (Number(row.n) >= count) return (row.last as Date).getTime();
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** When each session's CDR was stored, wall-clock ms; and every session workflow ended with its CDR. */
async function cdrTimes(db: Knex, client: Client, sessionIds: string[]): Promise<number[]> {
  const rows: Array<{ created_at: Date }> = await db('cdrs')
    .whereIn('session_id', sessionIds)
    .select('created_at');
  if (rows.length !== sessionIds.length)
    throw new Error(`${sessionIds.length - rows.length} sessions have no CDR`);
  for (const sessionId of sessionIds) {
    if (!(await client.workflow.getHandle(sessionId).result()))
      throw new Error(`${sessionId} ended without a CDR`);
  }
  return rows.map((row) => row.created_at.getTime());
}

async function main(): Promise<void> {
  const options = parseOptions();
  console.log(
    `Session benchmark: ${options.chargers} chargers × ${options.samples} MeterValues (every ${options.intervalSeconds} simulated s), ` +
      `OCPP 1.6, worker ${options.workerInProcess ? 'in this process' : `in ${options.workers} child process(es)`}, ` +
      `pool ${options.poolMax}/process; Node ${process.version}; ` +
      `load average before: ${loadAverage()}`,
  );
  const temporalServer = await startTemporalDevServer({ ui: false });
  const database = await benchDatabase(options.poolMax);
  const temporal = {
    address: temporalServer.address,
    namespace: temporalServer.namespace,
    taskQueue: 'bench-sessions',
  };
  const workflowBundle = await bundleWorkflows();
  const workers: WorkerChild[] = [];
  for (let i = 0; !options.workerInProcess && i < options.workers; i++) {
    workers.push(
      await startWorkerChild({
        databaseUrl: database.url,
        temporal,
        bundlePath: bundleFile(workflowBundle),
        poolMax: options.poolMax,
        ...(options.cpuProfDir && { nodeArgs: ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfDir}`] }),
      }),
    );
  }
  const stack = await startStack({
    db: database.db,
    temporal,
    defaultOwner: { countryCode: 'DE', partyId: 'CLG' },
    ocpp: {},
    worker: options.workerInProcess,
    workflowBundle,
  });
  const client = await connectClient(temporal);
  const chargePointIds = Array.from(
    { length: options.chargers },
    (_, i) => `BENCH-${String(i).padStart(5, '0')}`,
  );
  try {
    for (const id of chargePointIds) await seedBerlinSite(database.db, id, '1.6');
    const fleet = await startChargerFleet({
      gatewayUrl: stack.gateway!.url,
      password: CHARGER_PASSWORD,
      chargePointIds,
      scenario: scenario(options),
      connectConcurrency: options.connectConcurrency,
    });

    const temporalPids = pidsMatching(['temporal', 'start-dev', temporalServer.address.split(':')[1]]);
    // PostgreSQL backends come and go with pooled connections: found again at each snapshot.
    const snapshot = () => ({
      self: usageOf([process.pid]),
      worker: usageOf(workers.map((w) => w.pid)),
      temporal: usageOf(temporalPids),
      postgres: usageOf(pidsMatching(['postgres'])),
    });
    const eventLoop = monitorEventLoopDelay({ resolution: 10 });
    eventLoop.enable();
    const before = snapshot();
    const startedAt = wallClockMs();
    const { outcomes, usage: fleetUsage } = await fleet.go();
    const refused = outcomes.filter((o) => o.authorizationStatus !== 'Accepted');
    if (refused.length) throw new Error(`${refused.length} sessions were not accepted`);
    const lastStoredAt = await lastCdrStoredAt(database.db, outcomes.length);
    const seconds = (lastStoredAt - startedAt) / 1000;
    const after = snapshot();
    eventLoop.disable();
    const sessionIds = outcomes.map((o) => sessionWorkflowId(o.chargePointId, o.transactionId));
    const closedAt = await cdrTimes(database.db, client, sessionIds);

    const acks = outcomes.flatMap((o) => o.ackMs);
    console.log(
      `Completed ${closedAt.length} sessions (${acks.length} MeterValues) in ${seconds.toFixed(2)} s: ` +
        `${(closedAt.length / seconds).toFixed(1)} sessions/s, ${(acks.length / seconds).toFixed(0)} MeterValues/s`,
    );
    const sessionSeconds = closedAt.map((t) => (t - startedAt) / 1000);
    console.log(
      `  CDRs stored after: p50 ${percentile(sessionSeconds, 50).toFixed(2)} s, last ${seconds.toFixed(2)} s`,
    );
    console.log(`  StartTransaction → answered:        ${describeLatencies(outcomes.map((o) => o.startMs))}`);
    console.log(`  MeterValues → answered (stored):    ${describeLatencies(acks)}`);

    const used = {
      self: usageBetween(before.self, after.self),
      worker: usageBetween(before.worker, after.worker),
      temporal: usageBetween(before.temporal, after.temporal),
      postgres: usageBetween(before.postgres, after.postgres),
    };
    console.log(
      usageLine(
        `gateway + sessions${options.workerInProcess ? ' + worker' : ''} (this process)`,
        used.self,
        seconds,
      ),
    );
    if (workers.length) console.log(usageLine(`worker processes (${workers.length})`, used.worker, seconds));
    console.log(usageLine('Temporal dev server', used.temporal, seconds));
    console.log(usageLine(`PostgreSQL (${after.postgres.size} proc., machine-wide)`, used.postgres, seconds));
    console.log(usageLine('load generator (simulated chargers)', fleetUsage, seconds));
    const cpuTotal = Object.values(used).reduce((sum, u) => sum + u.cpuSeconds, 0);
    console.log(
      `  CPU per session, all but the load generator: ${((1000 * cpuTotal) / closedAt.length).toFixed(0)} ms`,
    );
    console.log(
      `  event loop delay of this process: p50 ${(eventLoop.percentile(50) / 1e6).toFixed(1)} ms, ` +
        `p99 ${(eventLoop.percentile(99) / 1e6).toFixed(1)} ms`,
    );
    console.log(`  load average after: ${loadAverage()}`);

    const breakdown = await historyBreakdown(client, sessionIds);
    console.log('Where the session workflows spent their time (from their Temporal histories):');
    console.log(`  workflow task waits to start:       ${describeLatencies(breakdown.workflowTaskWaitMs)}`);
    console.log(`  workflow task runs (incl. local):   ${describeLatencies(breakdown.workflowTaskRunMs)}`);
    for (const [type, ms] of breakdown.activityMs)
      console.log(`  activity ${type.padEnd(26)} ${describeLatencies(ms)}`);
    console.log(
      `  per session: ${percentile(breakdown.signals, 50)} signals, ${percentile(breakdown.workflowTasks, 50)} ` +
        `workflow tasks, ${percentile(breakdown.events, 50)} history events (p50)`,
    );
    const met = closedAt.length / seconds >= 20 && percentile(acks, 99) < 250;
    console.log(`Target ≥ 20 sessions/s and MeterValues p99 < 250 ms: ${met ? 'met' : 'NOT met'}`);
  } finally {
    await stack.close();
    await client.connection.close();
    await Promise.all(workers.map((w) => w.stop()));
    await database.drop();
    await temporalServer.stop();
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
