// A Temporal Worker whose workflow sandbox skips two debugging aids that cost most of its CPU.
//
// 1. node:vm's watchdog: the SDK passes `isolateExecutionTimeout` (5 s) to every call into the sandbox,
//    and node:vm starts and joins a thread per call to enforce it (about 0.1 ms each, several per
//    activation).
// 2. Stack traces of every promise: the SDK hooks promise creation in the workflow thread and builds a
//    source-mapped stack trace for each one, so that `temporal workflow stack` can show where a workflow
//    waits. npm run bench:sessions (200 sessions): 40 % of the workflow thread's time.
// Workflows run on the worker's main thread (the SDK's debug-mode creator) so that the hooks are never
// installed; the sandbox itself (a reused V8 context per bundle, deterministic APIs) is the SDK's.
// Measured with npm run bench:sessions: worker CPU 8.1-8.5 s -> 6.4-6.6 s, RSS 385-406 -> 309-322 MiB.
// What it gives up: a workflow stuck in a synchronous endless loop is not failed as a "potential
// deadlock" after 5 s but holds the worker; `temporal workflow stack` answers "Workflow stack traces are
// not enabled on this worker"; errors thrown inside workflow code show bundle positions. Our workflows
// only await activities, timers and conditions. `sdkSandbox: true` (CHARGELEDGER_SDK_WORKFLOW_SANDBOX=1)
// restores the SDK's defaults: its own thread, watchdog and stack traces.
import { Worker } from '@temporalio/worker';
import { globalHandlers } from '@temporalio/worker/lib/workflow/vm-shared';
import { ReusableVMWorkflowCreator } from '@temporalio/worker/lib/workflow/reusable-vm';

export class LeanWorker extends Worker {
  protected static override async createWorkflowCreator(
    ...args: Parameters<(typeof Worker)['createWorkflowCreator']>
  ): ReturnType<(typeof Worker)['createWorkflowCreator']> {
    const [bundle, compiledOptions] = args;
    // We set no patch activation callback; should one appear, the SDK's creator knows how to pass it on.
    if (compiledOptions.patchActivationCallback) return super.createWorkflowCreator(...args);
    // "Already installed" makes the creator's install() of the stack-trace hooks a no-op.
    globalHandlers.installed = true;
    // undefined reaches vm's runInContext as "no timeout" (the parameter's type says number).
    const noTimeout = undefined as unknown as number;
    return ReusableVMWorkflowCreator.create(bundle, noTimeout, new Set(compiledOptions.activities.keys()));
  }
}
