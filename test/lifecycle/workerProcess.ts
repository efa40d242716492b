// A chargeledger worker in a process of its own, for tests that kill it (SIGKILL) mid-session and start
// another. Configured like any worker process, from the environment: DATABASE_URL, TEMPORAL_ADDRESS,
// TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE; plus WORKFLOW_BUNDLE_PATH, a prebuilt workflow bundle, and
// optionally WORKER_POOL_MAX, the size of its PostgreSQL pool (the session benchmark's --pool-max).
// Started with an IPC channel (test/lifecycle/workerChild.ts): says "ready" once polling, and exits
// when the channel closes, so a test run that dies leaves no worker behind.
import { loadConfig } from '../../src/config';
import { createKnex } from '../../src/db';
import { connectWorkerConnection } from '../../src/temporal/connection';
import { quietTemporalRuntime } from '../../src/temporal/runtimeLogging';
import { createWorker } from '../../src/worker';

async function main(): Promise<void> {
  const bundlePath = process.env.WORKFLOW_BUNDLE_PATH;
  if (!bundlePath) throw new Error('WORKFLOW_BUNDLE_PATH is not set');
  if (!process.send) throw new Error('start this script with an IPC channel (see workerChild.ts)');
  quietTemporalRuntime(); // as `chargeledger worker` (src/runtime/stack.ts): warnings, not every task
  const config = loadConfig();
  const poolMax = process.env.WORKER_POOL_MAX ? Number(process.env.WORKER_POOL_MAX) : undefined;
  const db = createKnex(config.database, { poolMax });
  const connection = await connectWorkerConnection(config.temporal);
  const worker = await createWorker({
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    db,
    defaultOwner: { countryCode: 'DE', partyId: 'CLG' },
    workflowBundle: { codePath: bundlePath },
  });
  process.on('disconnect', () => worker.shutdown());
  const running = worker.run();
  process.send({ ready: process.pid });
  await running;
  await db.destroy();
  await connection.close();
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
