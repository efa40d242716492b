// Runs Stripe's stripe-mock (an HTTP server that validates requests against Stripe's OpenAPI spec and
// answers with fixtures) on the loopback interface, for tests and `chargeledger dev`.
// stripe-mock is stateless: it never remembers a PaymentIntent nor replays an idempotency key.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline';
import { REPO_ROOT } from '../config';

export interface StripeMock {
  /** Base URL for STRIPE_API_BASE, e.g. http://127.0.0.1:41234 */
  url: string;
  port: number;
  /** The stripe-mock process (leader of its own process group). */
  pid: number;
  stop(): Promise<void>;
}

const STARTUP_TIMEOUT_MS = 20_000;

/** .tools/bin/stripe-mock (built by `npm run setup`), else stripe-mock on PATH. */
export function findStripeMockBinary(): string {
  const local = path.join(REPO_ROOT, '.tools', 'bin', 'stripe-mock');
  if (fs.existsSync(local)) return local;
  const found = spawnSync('sh', ['-c', 'command -v stripe-mock'], { encoding: 'utf8' });
  if (found.status === 0 && found.stdout.trim()) return found.stdout.trim();
  throw new Error(
    `stripe-mock not found in ${path.dirname(local)} nor on PATH: run \`npm run setup\` to build it`,
  );
}

/**
 * Starts stripe-mock listening on 127.0.0.1 only: HTTP on `port` (a free one when omitted) and its
 * HTTPS listener, which cannot be switched off, on a free loopback port. Resolves once it accepts requests.
 */
export async function startStripeMock(options: { port?: number } = {}): Promise<StripeMock> {
  const binary = findStripeMockBinary();
  const child = spawn(
    binary,
    ['-http-addr', `127.0.0.1:${options.port ?? 0}`, '-https-addr', '127.0.0.1:0'],
    {
      stdio: ['ignore', 'pipe', 'pipe'],
      // Own process group, so stop() reaches it and nothing else.
      detached: true,
    },
  );
  try {
    const port = await listeningPort(child);
    const url = `http://127.0.0.1:${port}`;
    await waitUntilAnswering(url);
    return { url, port, pid: child.pid!, stop: () => stopProcessGroup(child) };
  } catch (err) {
    await stopProcessGroup(child);
    throw err;
  }
}

/** stripe-mock prints "Listening for HTTP at address: 127.0.0.1:PORT" once bound; the port comes from there. */
function listeningPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    const output: string[] = [];
    const timer = setTimeout(
      () => fail(new Error(`stripe-mock did not start within ${STARTUP_TIMEOUT_MS} ms`)),
      STARTUP_TIMEOUT_MS,
    );
    const fail = (err: Error) => {
      clearTimeout(timer);
      reject(new Error(`${err.message}; its output:\n${output.join('\n')}`));
    };
    for (const stream of [child.stdout, child.stderr]) {
      readline.createInterface({ input: stream! }).on('line', (line) => {
        output.push(line);
        const match = /Listening for HTTP at address: 127\.0\.0\.1:(\d+)/.exec(line);
        if (match) {
          clearTimeout(timer);
          resolve(Number(match[1]));
        }
      });
    }
    child.once('error', fail);
    child.once('exit', (code, signal) =>
      fail(new Error(`stripe-mock exited (code ${code}, signal ${signal})`)),
    );
  });
}

async function waitUntilAnswering(url: string): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  for (;;) {
    try {
      // Any HTTP answer (401 without a key) proves the server is serving requests.
      await fetch(`${url}/v1/balance`);
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`stripe-mock at ${url} does not answer: ${String(err)}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

async function stopProcessGroup(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  try {
    process.kill(-child.pid, 'SIGTERM');
  } catch {
    return; // already gone
  }
  const killTimer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 5_000);
  await exited;
  clearTimeout(killTimer);
}
