// The chargeledger worker: runs the workflows and their activities on the `chargeledger` task queue.
// Run it as a process (`chargeledger worker`, src/cli/commands/processes.ts), or in-process from `chargeledger dev`
// and the tests. Scale out by starting more of them, on any machine that reaches Temporal and PostgreSQL.
import {
  Worker,
  bundleWorkflowCode,
  type NativeConnection,
  type WorkflowBundleOption,
} from '@temporalio/worker';
import type { Knex } from 'knex';
import { billingSettingsFromEnv, createBillingActivities, type BillingSettings } from '../activities/billing';
import { createRoamingActivities } from '../activities/roaming';
import { createSessionActivities } from '../activities/session';
import { LeanWorker } from './temporal/leanWorker';
import type { CdrOwner } from './cdr';
import type { RoamingSettings } from './roaming/roamingSettings';

export interface WorkerOptions {
  connection: NativeConnection;
  namespace?: string;
  taskQueue: string;
  db: Knex;
  defaultOwner: CdrOwner;
  /** A prebuilt bundle saves the ~2 s webpack build when many workers start (tests, benchmarks). */
  workflowBundle?: WorkflowBundleOption;
  now?: () => Date;
  /** Stripe, hold amount and mail for the billing activities; default: from the environment (src/config.ts). */
  billing?: BillingSettings;
  /** Our OCPI identity and roaming settings; omitted: this worker does not roam (partner tokens decided offline). */
  roaming?: RoamingSettings;
  /**
   * The SDK's own workflow sandbox: a thread of its own, the 5 s deadlock watchdog on each call and
   * stack traces for `temporal workflow stack`, at about a fifth more worker CPU per session.
   * Default: CHARGELEDGER_SDK_WORKFLOW_SANDBOX=1, else the lean one (src/temporal/leanWorker.ts).
   */
  sdkSandbox?: boolean;
}

const WORKFLOWS_PATH = require.resolve('../workflows');

/** Bundles the workflow code once; hand the result to several `createWorker` calls. */
export function bundleWorkflows(): Promise<WorkflowBundleOption> {
  return bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietBundlerLogger });
}

export async function createWorker(options: WorkerOptions): Promise<Worker> {
  const { roaming } = options;
  const activities = {
    ...createSessionActivities({
      db: options.db,
      defaultOwner: options.defaultOwner,
      now: options.now,
      ...(roaming && { roaming: { identity: roaming.identity, timeoutMs: roaming.timeoutMs } }),
    }),
    ...createRoamingActivities({ db: options.db, roaming }),
    ...createBillingActivities({
      db: options.db,
      now: options.now,
      ...(options.billing ?? billingSettingsFromEnv()),
    }),
  };
  const sdkSandbox = options.sdkSandbox ?? process.env.CHARGELEDGER_SDK_WORKFLOW_SANDBOX === '1';
  const WorkerClass = sdkSandbox ? Worker : LeanWorker;
  return WorkerClass.create({
    connection: options.connection,
    namespace: options.namespace ?? 'default',
    taskQueue: options.taskQueue,
    ...(options.workflowBundle
      ? { workflowBundle: options.workflowBundle }
      : { workflowsPath: WORKFLOWS_PATH }),
    activities,
    // Sessions are long and mostly idle: keep many cached so a signal does not replay history.
    maxCachedWorkflows: 2000,
    // A session's workflow task mostly waits on its ingest (a local activity: database round trips), so
    // run many at once, and give the non-sticky queue, where a new session's first task waits (and with it
    // the charger's StartTransaction answer), half as many pollers as the sticky one instead of a fifth:
    // with the defaults (40 tasks, 0.2) new sessions waited tens of seconds behind busy ones
    // (npm run bench:sessions).
    maxConcurrentWorkflowTaskExecutions: 100,
    maxConcurrentWorkflowTaskPolls: 20,
    nonStickyToStickyPollRatio: 0.5,
  });
}

const quietBundlerLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string, meta?: Record<string, unknown>) => console.warn(message, meta ?? ''),
  error: (message: string, meta?: Record<string, unknown>) => console.error(message, meta ?? ''),
};
