// A whole chargeledger installation in the test process, as a roaming party: its own PostgreSQL
// schema, its own stack (worker on its own task queue, HTTP API with the OCPI routes on its own
// loopback port, an OCPP gateway for a CPO) on the run's Temporal dev server, and the environment its
// CLI runs with. Two of these are a CPO and an eMSP that know each other only through OCPI.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Client } from '@temporalio/client';
import type { WorkflowBundleOption } from '@temporalio/worker';
import type { Knex } from 'knex';
import { freePort } from '../../src/dev/freePort';
import type { OcpiIdentity, OurParty } from '../../src/ocpi';
import type { PushRetry } from '../../src/roaming/pushRetry';
import { startStack, type Stack } from '../../src/runtime/stack';
import { connectClient } from '../../src/temporal/connection';
import type { TestDatabase } from '../helpers/db';
import { testTaskQueue, testTemporalConfig } from '../helpers/temporal';
import { CPO } from '../lifecycle/lifecycleRig';

const ROOT = path.resolve(__dirname, '../..');

export interface RoamingNode {
  name: string;
  db: Knex;
  stack: Stack;
  client: Client;
  identity: OcpiIdentity;
  temporal: ReturnType<typeof testTemporalConfig>;
  /** Statements, outbox e-mails. */
  outDir: string;
  /** What `chargeledger` run for this installation needs in its environment. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export interface RoamingNodeOptions {
  name: string;
  database: TestDatabase;
  parties: OurParty[];
  workflowBundle: WorkflowBundleOption;
  /** Run an OCPP gateway (the CPO's chargers connect to it). */
  gateway?: boolean;
  /** The origin partners are told to reach us at (a proxy in front of the API); default the API itself. */
  advertise?: (apiOrigin: string) => Promise<string>;
  /** Pace of its CDR push retries (a test keeps an outage short); default the workflow's policy. */
  pushRetry?: PushRetry;
}

function partiesEnv(parties: readonly OurParty[]): string {
  return parties.map((p) => `${p.role}:${p.countryCode}:${p.partyId}:${p.name}`).join(';');
}

export async function startRoamingNode(options: RoamingNodeOptions): Promise<RoamingNode> {
  const { database } = options;
  if (database.config.kind !== 'postgres') throw new Error('a roaming node runs on PostgreSQL');
  const temporal = testTemporalConfig(testTaskQueue(options.name));
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), `chargeledger-${options.name}-`));
  const apiPort = await freePort();
  const apiOrigin = `http://127.0.0.1:${apiPort}`;
  const identity: OcpiIdentity = {
    baseUrl: `${options.advertise ? await options.advertise(apiOrigin) : apiOrigin}/ocpi`,
    parties: options.parties,
  };
  const stack = await startStack({
    db: database.db,
    temporal,
    defaultOwner: CPO,
    ...(options.gateway && { ocpp: {} }),
    api: { port: apiPort },
    workflowBundle: options.workflowBundle,
    billing: { holdAmount: '50.00', mail: { smtpUrl: undefined, outDir } },
    roaming: {
      identity,
      outDir,
      timeoutMs: 5_000,
      ...(options.pushRetry && { pushRetry: options.pushRetry }),
    },
  });
  const client = await connectClient(temporal);
  return {
    name: options.name,
    db: database.db,
    stack,
    client,
    identity,
    temporal,
    outDir,
    env: {
      DATABASE_URL: database.config.url,
      OCPI_BASE_URL: identity.baseUrl,
      OCPI_PARTIES: partiesEnv(options.parties),
      TEMPORAL_ADDRESS: temporal.address!,
      TEMPORAL_NAMESPACE: temporal.namespace,
      TEMPORAL_TASK_QUEUE: temporal.taskQueue,
      CHARGELEDGER_OUT_DIR: outDir,
    },
    async close() {
      await stack.close();
      await client.connection.close();
      fs.rmSync(outDir, { recursive: true, force: true });
    },
  };
}

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `chargeledger …` as an operator of `node` runs it: a child process with that installation's environment. */
export function chargeledger(node: RoamingNode, ...args: string[]): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin/chargeledger.cjs'), ...args], {
      cwd: ROOT,
      env: { ...process.env, ...node.env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Runs the CLI and parses its `--json` output; fails the test with its stderr when it fails. */
export async function chargeledgerJson<T>(node: RoamingNode, ...args: string[]): Promise<T> {
  const run = await chargeledger(node, ...args, '--json');
  if (run.code !== 0) throw new Error(`chargeledger ${args.join(' ')} exited ${run.code}: ${run.stderr}`);
  return JSON.parse(run.stdout) as T;
}
