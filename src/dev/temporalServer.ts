// A Temporal dev server (`temporal server start-dev`) for `chargeledger dev` and the test run.
// Loopback only; free ports unless told otherwise; in memory unless given a SQLite file.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Connection } from '@temporalio/client';
import { loadConfig } from '../config';
import { freePort } from './freePort';
import { requireTool } from './findTool';
import { startServiceProcess, type ServiceProcess } from './serviceProcess';

export interface TemporalDevServerOptions {
  /** Frontend gRPC port; a free one when omitted. */
  port?: number;
  /** Web UI port; a free one when omitted. Ignored when `ui` is false. */
  uiPort?: number;
  /** Serve the Web UI (default true; tests turn it off). */
  ui?: boolean;
  /** SQLite file that keeps workflows across restarts; in memory when omitted. */
  dbFile?: string;
  /** Namespace to create and report (the "default" namespace always exists). */
  namespace?: string;
  /** Receives the server's log lines (it logs at warn level). */
  log?: (line: string) => void;
  /** How long to wait for the frontend to answer (default 60 s). */
  readyTimeoutMs?: number;
}

export interface TemporalDevServer {
  /** host:port for TEMPORAL_ADDRESS. */
  address: string;
  /** http://127.0.0.1:port of the Web UI, or undefined when headless. */
  uiUrl: string | undefined;
  namespace: string;
  /** True when TEMPORAL_ADDRESS pointed at an existing server and nothing was started. */
  external: boolean;
  stop(): Promise<void>;
}

/** The persistent SQLite file `chargeledger dev` uses: `<dataDir>/temporal.sqlite`. */
export function devTemporalDbFile(dataDir = loadConfig().dataDir): string {
  return path.join(dataDir, 'temporal.sqlite');
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Resolves once the frontend answers GetSystemInfo and knows `namespace`. */
export async function waitForTemporal(
  address: string,
  namespace: string,
  timeoutMs: number,
  isDead: () => string | undefined = () => undefined,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    const death = isDead();
    if (death) throw new Error(death);
    let connection: Connection | undefined;
    try {
      connection = await Connection.connect({ address, connectTimeout: '2s' });
      await connection.workflowService.getSystemInfo({});
      await connection.workflowService.describeNamespace({ namespace });
      return;
    } catch (err) {
      lastError = err;
    } finally {
      await connection?.close().catch(() => undefined);
    }
    await sleep(200);
  }
  const reason = lastError instanceof Error ? lastError.message : String(lastError);
  throw new Error(
    `Temporal at ${address} did not become ready within ${timeoutMs} ms (last error: ${reason})`,
  );
}

function argsFor(
  port: number,
  uiPort: number | undefined,
  options: TemporalDevServerOptions,
  namespace: string,
) {
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port)];
  args.push(...(uiPort === undefined ? ['--headless'] : ['--ui-port', String(uiPort)]));
  if (options.dbFile) args.push('--db-filename', options.dbFile);
  args.push('--namespace', namespace, '--log-level', 'warn');
  return args;
}

/**
 * The dev server shares its machine with the worker, the gateway and PostgreSQL. Go runs as many
 * threads at once as there are cores and lets idle ones spin looking for work, which on a busy small
 * machine burns CPU the others need: half the cores (at least one) unless GOMAXPROCS is set.
 * npm run bench:sessions on 2 cores: the dev server's CPU -12 % (3.5-3.7 s instead of 4.0-4.4 s).
 */
export function devServerEnv(env: NodeJS.ProcessEnv = process.env, cores = os.availableParallelism()) {
  return env.GOMAXPROCS ? env : { ...env, GOMAXPROCS: String(Math.max(1, Math.floor(cores / 2))) };
}

async function startOnce(cli: string, options: TemporalDevServerOptions, namespace: string) {
  const port = options.port ?? (await freePort());
  const uiPort = options.ui === false ? undefined : (options.uiPort ?? (await freePort()));
  const proc: ServiceProcess = startServiceProcess(cli, argsFor(port, uiPort, options, namespace), {
    onLine: options.log,
    env: devServerEnv(),
  });
  const address = `127.0.0.1:${port}`;
  try {
    await waitForTemporal(address, namespace, options.readyTimeoutMs ?? 60_000, () =>
      proc.hasExited() ? `temporal server start-dev exited early:\n${proc.recentOutput()}` : undefined,
    );
  } catch (err) {
    await proc.stop();
    throw err;
  }
  return { proc, address, uiUrl: uiPort === undefined ? undefined : `http://127.0.0.1:${uiPort}` };
}

/**
 * Starts `temporal server start-dev` and waits until it serves `namespace`. When TEMPORAL_ADDRESS is set,
 * starts nothing and returns that server (after checking it answers); stop() is then a no-op.
 * Ports picked here are retried once more if another process takes one first.
 */
export async function startTemporalDevServer(
  options: TemporalDevServerOptions = {},
): Promise<TemporalDevServer> {
  const config = loadConfig().temporal;
  const namespace = options.namespace ?? config.namespace;
  if (config.address) {
    await waitForTemporal(config.address, namespace, options.readyTimeoutMs ?? 10_000);
    return {
      address: config.address,
      uiUrl: undefined,
      namespace,
      external: true,
      stop: async () => undefined,
    };
  }
  const cli = requireTool('temporal');
  if (options.dbFile) fs.mkdirSync(path.dirname(options.dbFile), { recursive: true });

  const portsChosenHere = options.port === undefined && options.uiPort === undefined;
  const attempts = portsChosenHere ? 3 : 1;
  for (let attempt = 1; ; attempt++) {
    try {
      const { proc, address, uiUrl } = await startOnce(cli, options, namespace);
      return { address, uiUrl, namespace, external: false, stop: () => proc.stop() };
    } catch (err) {
      const portTaken = err instanceof Error && /address already in use/.test(err.message);
      if (!portTaken || attempt >= attempts) throw err;
    }
  }
}
