// Runs one workflow in Temporal's deterministic sandbox on the run's dev server and returns its result:
// how a pure core shows it computes inside workflow code exactly what it computes outside. (The file
// name contains "helpers/temporal", which tells the jest globalSetup that the run needs Temporal.)
import { Client, Connection } from '@temporalio/client';
import type { Workflow, WorkflowResultType } from '@temporalio/common';
import type { WorkflowStartOptions } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { testTemporalConfig } from './temporal';

/** `workflow(...args)` on a worker of its own that bundles `workflowsPath` (a module exporting `workflow`). */
export async function runInWorkflowSandbox<W extends Workflow>(
  workflowsPath: string,
  workflow: W,
  args: Parameters<W>,
): Promise<WorkflowResultType<W>> {
  const config = testTemporalConfig();
  const connection = await NativeConnection.connect({ address: config.address });
  const clientConnection = await Connection.connect({ address: config.address });
  try {
    const worker = await Worker.create({
      connection,
      namespace: config.namespace,
      taskQueue: config.taskQueue,
      workflowsPath,
    });
    const client = new Client({ connection: clientConnection, namespace: config.namespace });
    return await worker.runUntil(
      client.workflow.execute(workflow, {
        args,
        taskQueue: config.taskQueue,
        workflowId: `${workflow.name}-${config.taskQueue}`,
        // Temporal types `args` through a conditional type that a generic `W` cannot satisfy.
      } as unknown as WorkflowStartOptions<W>),
    );
  } finally {
    await clientConnection.close();
    await connection.close();
  }
}
