// Starts and kills the worker process of workerProcess.ts from a test.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { WorkflowBundleOption } from '@temporalio/worker';
import type { TemporalConfig } from '../../src/config';

const SCRIPT = path.join(__dirname, 'workerProcess.ts');
const RECENT_LINES = 40;

export interface WorkerChild {
  readonly pid: number;
  /** Settles with the exit signal (or code) once the process has ended. */
  readonly exited: Promise<NodeJS.Signals | number | null>;
  /** SIGKILL: no shutdown, no drain, whatever it was doing is cut off. */
  kill(): Promise<void>;
  /** SIGTERM: the worker drains and exits. */
  stop(): Promise<void>;
}

/** Writes a bundle to a file a worker process can load (`{ codePath }`). */
export function bundleFile(bundle: WorkflowBundleOption): string {
  if ('codePath' in bundle) return bundle.codePath;
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'chargeledger-bundle-')), 'workflows.js');
  fs.writeFileSync(file, bundle.code);
  return file;
}

export async function startWorkerChild(options: {
  databaseUrl: string;
  temporal: TemporalConfig;
  bundlePath: string;
  /** PostgreSQL connections of the worker's pool (default: createKnex's). */
  poolMax?: number;
  /** Extra node options, e.g. ['--cpu-prof'] (the session benchmark's --cpu-prof-dir). */
  nodeArgs?: string[];
}): Promise<WorkerChild> {
  const args = [...(options.nodeArgs ?? []), '--import', 'tsx', SCRIPT];
  const child: ChildProcess = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    env: {
      ...process.env,
      DATABASE_URL: options.databaseUrl,
      TEMPORAL_ADDRESS: options.temporal.address,
      TEMPORAL_NAMESPACE: options.temporal.namespace,
      TEMPORAL_TASK_QUEUE: options.temporal.taskQueue,
      WORKFLOW_BUNDLE_PATH: options.bundlePath,
      ...(options.poolMax !== undefined && { WORKER_POOL_MAX: String(options.poolMax) }),
    },
  });
  const recent: string[] = [];
  const keep = (chunk: Buffer) => {
    recent.push(...chunk.toString().split('\n').filter(Boolean));
    recent.splice(0, Math.max(0, recent.length - RECENT_LINES));
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    void exited.then((how) =>
      reject(new Error(`worker process exited (${String(how)}) before it was ready:\n${recent.join('\n')}`)),
    );
  });
  const end = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  return { pid: child.pid!, exited, kill: () => end('SIGKILL'), stop: () => end('SIGTERM') };
}
