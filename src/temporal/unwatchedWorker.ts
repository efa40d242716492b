// A Temporal Worker whose workflow sandbox runs without node:vm's per-call watchdog.
//
// The SDK passes `isolateExecutionTimeout` (default 5 s) to every call into the workflow sandbox, and
// node:vm implements a timeout by starting and joining a watchdog thread per call: about 0.1 ms each,
// several calls per activation (npm run bench:sessions: worker CPU 9.5-10.5 s with it, 8.3-8.6 s
// without, for 200 sessions). Without a timeout node:vm starts no thread.
// What it gives up: a workflow stuck in a synchronous endless loop is no longer failed as a "potential
// deadlock" after 5 s; it would hold the workflow thread. Our workflows only await activities, timers
// and conditions; `workflowWatchdog: true` (CHARGELEDGER_WORKFLOW_WATCHDOG=1) restores the SDK default.
import { Worker } from '@temporalio/worker';

export class UnwatchedWorker extends Worker {
  protected static override createWorkflowCreator(
    ...[bundle, compiledOptions, logger]: Parameters<(typeof Worker)['createWorkflowCreator']>
  ): ReturnType<(typeof Worker)['createWorkflowCreator']> {
    // undefined reaches vm's runInContext as "no timeout" (the option's type says number; the vm accepts it).
    const unwatched = { ...compiledOptions, isolateExecutionTimeoutMs: undefined as unknown as number };
    return super.createWorkflowCreator(bundle, unwatched, logger);
  }
}
