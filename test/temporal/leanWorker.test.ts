// The lean workflow sandbox (src/temporal/leanWorker.ts) against the SDK's own, on the run's dev
// server: both run a workflow to its end; only the SDK's answers the stack-trace query.
import { randomBytes } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundle } from '@temporalio/worker';
import { LeanWorker } from '../../src/temporal/leanWorker';
import { testTemporalConfig } from '../helpers/temporal';
import { releaseSignal, waitForRelease } from './sandbox/waitingWorkflow';

let bundle: WorkflowBundle;
let connection: NativeConnection;
let clientConnection: Connection;
let client: Client;

beforeAll(async () => {
  bundle = await bundleWorkflowCode({
    workflowsPath: require.resolve('./sandbox/waitingWorkflow'),
    logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error: console.error },
  });
  const config = testTemporalConfig();
  connection = await NativeConnection.connect({ address: config.address });
  clientConnection = await Connection.connect({ address: config.address });
  client = new Client({ connection: clientConnection, namespace: config.namespace });
});

afterAll(async () => {
  await clientConnection?.close();
  await connection?.close();
});

/** Starts a waiting workflow on `WorkerClass`, asks for its stack trace, releases it; returns both answers. */
async function stackTraceAndResult(WorkerClass: typeof Worker) {
  const { namespace } = testTemporalConfig();
  const taskQueue = `lean-${randomBytes(4).toString('hex')}`;
  const worker = await WorkerClass.create({ connection, namespace, taskQueue, workflowBundle: bundle });
  return worker.runUntil(async () => {
    const handle = await client.workflow.start(waitForRelease, { taskQueue, workflowId: taskQueue });
    const stackTrace = await handle.query<string>('__stack_trace').then(
      (trace) => ({ trace }),
      (err: Error) => ({ error: err.message }),
    );
    await handle.signal(releaseSignal, WorkerClass.name);
    return { stackTrace, result: await handle.result() };
  });
}

test('the lean worker runs workflows without stack-trace hooks; the SDK worker has them', async () => {
  const lean = await stackTraceAndResult(LeanWorker);
  expect(lean.result).toBe('released by LeanWorker');
  expect(lean.stackTrace).toEqual({
    error: expect.stringContaining('Workflow stack traces are not enabled on this worker'),
  });

  const sdk = await stackTraceAndResult(Worker);
  expect(sdk.result).toBe('released by Worker');
  expect(sdk.stackTrace).toEqual({ trace: expect.stringContaining('waitForRelease') });
});
