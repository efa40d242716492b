// Runs a long-lived helper program (Temporal dev server, stripe-mock, …) in its own process group,
// tethered to this Node process: a tiny shell watchdog ends the program when we die, even by SIGKILL
// or Ctrl-C, so test runs never leave servers behind on a shared machine. stop() ends the whole group.
import { spawn } from 'node:child_process';

export interface ServiceExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface ServiceProcess {
  /** Process id of the watchdog, which is also the process group id. */
  readonly pid: number;
  /** Settles when the program has exited (by itself or through stop()). */
  readonly exited: Promise<ServiceExit>;
  hasExited(): boolean;
  /** The last lines the program wrote to stdout/stderr, for error messages. */
  recentOutput(): string;
  /** SIGTERM to the group, SIGKILL after `graceMs`; resolves once no process of the group is left. */
  stop(graceMs?: number): Promise<void>;
}

export interface ServiceProcessOptions {
  /** Receives every output line (stdout and stderr). */
  onLine?: (line: string) => void;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
}

const RECENT_LINES = 40;

// $1 = pid to follow, the rest = the program. Polls once a second; ends the program when the parent is
// gone, forwards SIGTERM to it, and reaps it (so no zombie outlives the group whatever PID 1 does).
const WATCHDOG = [
  'parent=$1; shift',
  '"$@" & child=$!',
  'trap \'kill -TERM "$child" 2>/dev/null\' TERM INT HUP',
  'while kill -0 "$parent" 2>/dev/null && kill -0 "$child" 2>/dev/null; do sleep 1; done',
  'kill -TERM "$child" 2>/dev/null',
  'while kill -0 "$child" 2>/dev/null; do sleep 0.1; done',
  'wait "$child"',
].join('\n');

function groupAlive(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch {
    return false;
  }
}

function signalGroup(pgid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pgid, signal);
  } catch {
    // already gone
  }
}

async function until(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
}

export function startServiceProcess(
  command: string,
  args: string[],
  options: ServiceProcessOptions = {},
): ServiceProcess {
  const child = spawn('sh', ['-c', WATCHDOG, 'watchdog', String(process.pid), command, ...args], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: options.env ?? process.env,
    cwd: options.cwd,
  });
  if (child.pid === undefined) throw new Error(`could not start ${command}`);
  const pgid = child.pid;

  const recent: string[] = [];
  const collect = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (!line.trim()) continue;
      recent.push(line);
      if (recent.length > RECENT_LINES) recent.shift();
      options.onLine?.(line);
    }
  };
  child.stdout.on('data', collect);
  child.stderr.on('data', collect);

  let done = false;
  const exited = new Promise<ServiceExit>((resolve) =>
    child.once('exit', (code, signal) => {
      done = true;
      resolve({ code, signal });
    }),
  );
  // The helper must not keep the Node process alive on its own.
  child.unref();
  (child.stdout as unknown as { unref?: () => void }).unref?.();
  (child.stderr as unknown as { unref?: () => void }).unref?.();

  return {
    pid: pgid,
    exited,
    hasExited: () => done,
    recentOutput: () => recent.join('\n'),
    async stop(graceMs = 10_000) {
      const gone = () => done && !groupAlive(pgid);
      signalGroup(pgid, 'SIGTERM');
      await until(gone, graceMs);
      if (gone()) return;
      signalGroup(pgid, 'SIGKILL');
      await until(gone, 2_000);
    },
  };
}
