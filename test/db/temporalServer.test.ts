// The Temporal dev server helper: the run's shared server answers, a server of our own starts on free
// loopback ports, keeps workflows in its SQLite file across restarts, and is gone after stop().
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { connectClient, connectWorkerConnection } from '../../src/temporal/connection';
import { devServerEnv, startTemporalDevServer } from '../../src/dev/temporalServer';
import { requireTool } from '../../src/dev/findTool';
import { testTemporalConfig } from '../helpers/temporal';

function accepts(address: string): Promise<boolean> {
  const [host, port] = address.split(':');
  return new Promise((resolve) => {
    const socket = net.connect({ host, port: Number(port) });
    socket.once('connect', () => (socket.destroy(), resolve(true)));
    socket.once('error', () => resolve(false));
  });
}

/** Runs `fn` with TEMPORAL_ADDRESS unset, so the helper starts a server of its own. */
async function withoutConfiguredServer<T>(fn: () => Promise<T>): Promise<T> {
  const saved = process.env.TEMPORAL_ADDRESS;
  delete process.env.TEMPORAL_ADDRESS;
  try {
    return await fn();
  } finally {
    process.env.TEMPORAL_ADDRESS = saved;
  }
}

it('connects a client and a worker connection to the run’s Temporal server', async () => {
  const config = testTemporalConfig();
  const client = await connectClient(config);
  try {
    const info = await client.workflowService.getSystemInfo({});
    expect(info.serverVersion).toMatch(/^\d+\.\d+/);
    const ns = await client.workflowService.describeNamespace({ namespace: config.namespace });
    expect(ns.namespaceInfo?.name).toBe('default');
  } finally {
    await client.connection.close();
  }
  const worker = await connectWorkerConnection(config);
  await worker.close();
});

it('uses a configured server instead of starting one', async () => {
  const server = await startTemporalDevServer();
  expect(server).toMatchObject({ external: true, address: process.env.TEMPORAL_ADDRESS });
  await server.stop();
  expect(await accepts(server.address)).toBe(true);
});

it('starts its own server on loopback, persists workflows in its db file across restarts, and stops', async () => {
  const dbFile = path.join(
    fs.mkdtempSync(path.join(os.tmpdir(), 'chargeledger-temporal-')),
    'temporal.sqlite',
  );
  await withoutConfiguredServer(async () => {
    const first = await startTemporalDevServer({ dbFile, namespace: 'chargeledger-test' });
    expect(first.address).toMatch(/^127\.0\.0\.1:\d+$/);
    expect(first.external).toBe(false);
    expect((await fetch(first.uiUrl!)).status).toBe(200);
    const client = await connectClient({
      address: first.address,
      namespace: 'chargeledger-test',
      taskQueue: 'q',
    });
    await client.workflow.start('noSuchWorkflowType', {
      workflowId: 'persisted-1',
      taskQueue: 'nobody-polls',
    });
    await client.connection.close();
    await first.stop();
    expect(await accepts(first.address)).toBe(false);

    const second = await startTemporalDevServer({ dbFile, namespace: 'chargeledger-test', ui: false });
    try {
      expect(second.uiUrl).toBeUndefined();
      const again = await connectClient({
        address: second.address,
        namespace: 'chargeledger-test',
        taskQueue: 'q',
      });
      const described = await again.workflow.getHandle('persisted-1').describe();
      expect(described.type).toBe('noSuchWorkflowType');
      await again.connection.close();
    } finally {
      await second.stop();
    }
  });
  fs.rmSync(path.dirname(dbFile), { recursive: true, force: true });
}, 120_000);

it('says how to get a missing tool', () => {
  expect(() => requireTool('no-such-chargeledger-tool')).toThrow(/npm run setup/);
});

it('gives the dev server half the cores (at least one) unless GOMAXPROCS says otherwise', () => {
  const env = { PATH: '/usr/bin' };
  expect(devServerEnv(env, 2)).toEqual({ PATH: '/usr/bin', GOMAXPROCS: '1' });
  expect(devServerEnv(env, 1).GOMAXPROCS).toBe('1');
  expect(devServerEnv(env, 8).GOMAXPROCS).toBe('4');
  expect(devServerEnv({ ...env, GOMAXPROCS: '3' }, 2).GOMAXPROCS).toBe('3');
  expect(env).toEqual({ PATH: '/usr/bin' }); // the caller's environment is left alone
});
