// Starts, once per jest run, the real services the selected test files need (see services.ts), in
// parallel: a Temporal dev server (in memory, loopback, free ports), stripe-mock, and a check that
// PostgreSQL answers. Tests find them through TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE / STRIPE_API_BASE,
// which jest's workers inherit. globalTeardown stops what was started here.
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '@jest/types';
import { startTemporalDevServer } from '../../src/dev/temporalServer';
import { dropStaleTestSchemas, ensureTestDatabase } from '../helpers/postgres';
import { servicesNeeded } from './services';

export interface StartedService {
  name: string;
  stop(): Promise<void>;
}

declare global {
  var __chargeledgerServices: StartedService[] | undefined;
}

const STRIPE_MOCK_MODULE = path.resolve(__dirname, '../../src/dev/stripeMock.ts');

async function startTemporal(): Promise<StartedService | undefined> {
  const server = await startTemporalDevServer({
    ui: false,
    namespace: process.env.TEMPORAL_NAMESPACE ?? 'default',
  });
  process.env.TEMPORAL_ADDRESS = server.address;
  process.env.TEMPORAL_NAMESPACE = server.namespace;
  return server.external ? undefined : { name: 'temporal', stop: () => server.stop() };
}

async function startStripe(): Promise<StartedService | undefined> {
  if (process.env.STRIPE_API_BASE) return undefined; // an endpoint was given
  if (!fs.existsSync(STRIPE_MOCK_MODULE)) return undefined; // payments not in this checkout yet
  const { startStripeMock } = require(STRIPE_MOCK_MODULE) as {
    startStripeMock(): Promise<{ url: string; stop(): Promise<void> }>;
  };
  const mock = await startStripeMock();
  process.env.STRIPE_API_BASE = mock.url;
  return { name: 'stripe-mock', stop: () => mock.stop() };
}

async function checkPostgres(): Promise<undefined> {
  await ensureTestDatabase();
  await dropStaleTestSchemas();
  return undefined;
}

export default async function globalSetup(
  globalConfig: Config.GlobalConfig,
  projectConfig: Config.ProjectConfig,
): Promise<void> {
  const needed = servicesNeeded(globalConfig, projectConfig.roots);
  const starters = {
    temporal: startTemporal,
    stripe: startStripe,
    postgres: checkPostgres,
  } as const;
  const results = await Promise.allSettled([...needed].map((service) => starters[service]()));
  const started = results.flatMap((r) => (r.status === 'fulfilled' && r.value ? [r.value] : []));
  globalThis.__chargeledgerServices = started;
  const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
  if (failures.length) {
    await Promise.allSettled(started.map((s) => s.stop()));
    throw new Error(
      `jest globalSetup could not start the test services:\n- ${failures.map((e) => e.message).join('\n- ')}`,
    );
  }
  if (started.length && process.env.CI) {
    process.stderr.write(`\n[globalSetup] started ${started.map((s) => s.name).join(', ')}\n`);
  }
}
