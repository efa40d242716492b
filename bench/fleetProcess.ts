// Starts bench/chargerFleet.ts as a child process and talks to it over IPC.
import { spawn } from 'node:child_process';
import path from 'node:path';
import type { ChargerOutcome, FleetConfig, FleetMessage } from './chargerFleet';
import type { CpuSnapshot } from './processUsage';

const SCRIPT = path.join(__dirname, 'chargerFleet.ts');

export interface ChargerFleet {
  readonly pid: number;
  /** Plays every charger's session; resolves with what they measured and what the fleet used. */
  go(): Promise<{ outcomes: ChargerOutcome[]; usage: CpuSnapshot }>;
  stop(): void;
}

/** Resolves once every charger of the fleet is connected and booted. */
export async function startChargerFleet(config: FleetConfig): Promise<ChargerFleet> {
  const child = spawn(process.execPath, ['--import', 'tsx', SCRIPT], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, CHARGER_FLEET: JSON.stringify(config) },
  });
  const next = () =>
    new Promise<FleetMessage>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`charger fleet exited (${code}) early`));
      child.once('exit', onExit);
      child.once('message', (message: FleetMessage) => {
        child.off('exit', onExit);
        if (message.type === 'failed') reject(new Error(`charger fleet failed: ${message.error}`));
        else resolve(message);
      });
    });
  await next(); // ready
  return {
    pid: child.pid!,
    async go() {
      const done = next();
      child.send('go');
      const message = await done;
      if (message.type !== 'done') throw new Error(`charger fleet said ${message.type}, expected done`);
      return {
        outcomes: message.outcomes,
        usage: { cpuSeconds: message.cpuSeconds, rssBytes: message.rssBytes },
      };
    },
    stop() {
      if (child.exitCode === null) child.kill();
    },
  };
}
