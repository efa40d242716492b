// The session benchmark's load generator, in a process of its own so the simulated chargers do not share
// an event loop (or a CPU account) with the system they measure. Started by bench/sessions.ts with an
// IPC channel: it connects and boots its chargers, says "ready", plays one session per charger when told
// "go", and sends back what each charger measured.
import { runChargingScenario, type ChargingScenario } from '../src/sim';
import { rawOcppLink } from './rawOcppLink';
import { TimedCharger } from './timedCharger';

export interface FleetConfig {
  gatewayUrl: string;
  password: string;
  chargePointIds: string[];
  scenario: ChargingScenario;
  connectConcurrency: number;
}

export interface ChargerOutcome {
  chargePointId: string;
  transactionId: string;
  authorizationStatus: string;
  startMs: number;
  ackMs: number[];
  /** [sample timestamp, wall-clock ms it was sent at] */
  sentAt: Array<[string, number]>;
}

export type FleetMessage =
  | { type: 'ready' }
  /** What each charger measured, and the CPU seconds and RSS of the fleet while it played. */
  | { type: 'done'; outcomes: ChargerOutcome[]; cpuSeconds: number; rssBytes: number }
  | { type: 'failed'; error: string };

async function inBatches<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  for (let i = 0; i < items.length; i += limit) await Promise.all(items.slice(i, i + limit).map(task));
}

async function main(): Promise<void> {
  // Resolves once the message is handed over, so the process may end right after.
  const send = (message: FleetMessage) =>
    new Promise<void>((resolve, reject) =>
      process.send!(message, undefined, {}, (err) => (err ? reject(err) : resolve())),
    );
  const config = JSON.parse(process.env.CHARGER_FLEET ?? 'null') as FleetConfig | null;
  if (!config || !process.send)
    throw new Error('start this script from bench/sessions.ts (CHARGER_FLEET + IPC)');
  const orphaned = () => process.exit(1); // the benchmark is gone
  process.on('disconnect', orphaned);
  const chargers = config.chargePointIds.map(
    (chargePointId) =>
      new TimedCharger({
        url: config.gatewayUrl,
        chargePointId,
        password: config.password,
        ocppVersion: '1.6',
        strictMode: false, // the gateway validates every frame; the load generator need not
        link: rawOcppLink,
      }),
  );
  await inBatches(chargers, config.connectConcurrency, async (charger) => {
    await charger.connect();
    await charger.boot();
  });
  const go = new Promise<void>((resolve) => process.once('message', () => resolve()));
  await send({ type: 'ready' });
  await go;
  const cpuAtGo = process.cpuUsage();
  const outcomes = await Promise.all(
    chargers.map(async (charger): Promise<ChargerOutcome> => {
      const run = await runChargingScenario(charger, config.scenario);
      return {
        chargePointId: charger.chargePointId,
        transactionId: run.transactionId!,
        authorizationStatus: run.authorizationStatus,
        startMs: charger.startMs!,
        ackMs: charger.ackMs,
        sentAt: [...charger.sentAt],
      };
    }),
  );
  await Promise.allSettled(chargers.map((c) => c.close()));
  const cpu = process.cpuUsage(cpuAtGo);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  await send({ type: 'done', outcomes, cpuSeconds, rssBytes: process.memoryUsage().rss });
  process.off('disconnect', orphaned);
}

main().then(
  () => process.disconnect(),
  (err: unknown) => {
    process.send?.({
      type: 'failed',
      error: err instanceof Error ? (err.stack ?? err.message) : String(err),
    });
    process.exitCode = 1;
    process.disconnect?.();
  },
);
