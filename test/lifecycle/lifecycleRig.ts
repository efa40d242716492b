// What the lifecycle end-to-end tests share: the running stack (gateway, session service and, unless a
// test runs it elsewhere, the worker) on the run's Temporal dev server and the file's test database;
// chargers with ids of their own (every test file of a run shares the Temporal server, and session
// workflow ids derive from the charge point id); and the wait for a session's CDR.
import { randomBytes } from 'node:crypto';
import type { Client } from '@temporalio/client';
import type { WorkflowBundleOption } from '@temporalio/worker';
import type { CdrOwner } from '../../src/cdr';
import type { OcppVersion } from '../../src/db';
import { startStack, type Stack, type StackOptions } from '../../src/runtime/stack';
import type { SimOcppVersion } from '../../src/sim';
import { connectClient } from '../../src/temporal/connection';
import { bundleWorkflows } from '../../src/worker';
import { sessionWorkflowId, type CdrSummary } from '../../workflows/chargeSessionMessages';
import type { TestDatabase } from '../helpers/db';
import { testTemporalConfig } from '../helpers/temporal';
import { CHARGER_PASSWORD, seedBerlinSite } from './fixtures';
import { ScriptedCharger } from './scriptedCharger';

export const CPO: CdrOwner = { countryCode: 'DE', partyId: 'CLG' };

export interface LifecycleRig {
  readonly stack: Stack;
  /** A Temporal client of the test's own (histories, descriptions, results). */
  readonly client: Client;
  readonly temporal: ReturnType<typeof testTemporalConfig>;
  readonly workflowBundle: WorkflowBundleOption;
}

type RigOptions = Partial<Omit<StackOptions, 'db' | 'temporal' | 'defaultOwner' | 'workflowBundle'>>;

/**
 * Registers jest hooks that start the stack before the file's tests and close it after them.
 * `testDb` is the file's `useTestDatabase()`; register it first so its hooks run first.
 */
export function useLifecycleRig(testDb: { readonly db: TestDatabase['db'] }, options: RigOptions = {}) {
  const temporal = testTemporalConfig();
  let rig: LifecycleRig | undefined;
  beforeAll(async () => {
    const workflowBundle = await bundleWorkflows();
    const stack = await startStack({
      db: testDb.db,
      temporal,
      defaultOwner: CPO,
      ocpp: {},
      workflowBundle,
      ...options,
    });
    rig = { stack, client: await connectClient(temporal), temporal, workflowBundle };
  }, 120_000);
  afterAll(async () => {
    await rig?.stack.close();
    await rig?.client.connection.close();
  });
  return {
    get current(): LifecycleRig {
      if (!rig) throw new Error('the lifecycle rig is not ready yet: use it inside tests or hooks');
      return rig;
    },
  };
}

/** A charge point id no other test file of the run uses, e.g. "DUP-16-a1b2c3". */
export function uniqueChargePointId(prefix: string, ocppVersion: SimOcppVersion): string {
  return `${prefix}-${ocppVersion.replace(/\./g, '')}-${randomBytes(3).toString('hex')}`;
}

/** Seeds the Berlin site for a fresh charger, connects it to the rig's gateway and boots it. */
export function connectBerlinCharger(
  rig: LifecycleRig,
  db: TestDatabase['db'],
  prefix: string,
  ocppVersion: SimOcppVersion,
): Promise<ScriptedCharger> {
  return connectBerlinChargerAt(rig.stack.gateway!.url, db, prefix, ocppVersion);
}

/** The same for the gateway at `gatewayUrl` (ws://…/ocpp), wherever it runs. */
export async function connectBerlinChargerAt(
  gatewayUrl: string,
  db: TestDatabase['db'],
  prefix: string,
  ocppVersion: SimOcppVersion,
): Promise<ScriptedCharger> {
  const chargePointId = uniqueChargePointId(prefix, ocppVersion);
  await seedBerlinSite(db, chargePointId, ocppVersion as OcppVersion);
  const charger = new ScriptedCharger({
    url: gatewayUrl,
    chargePointId,
    password: CHARGER_PASSWORD,
    ocppVersion,
  });
  await charger.connect();
  await charger.boot();
  return charger;
}

/** The session workflow's result: the CDR summary once rated (null when nobody is billed). */
export function sessionResult(
  rig: LifecycleRig,
  chargePointId: string,
  transactionId: string,
): Promise<CdrSummary | null> {
  return rig.client.workflow.getHandle(sessionWorkflowId(chargePointId, transactionId)).result();
}

/** Polls `probe` until it returns a value other than undefined (or fails after `timeoutMs`). */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs = 30_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}
