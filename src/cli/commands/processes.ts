// The production processes, each on its own and as many as needed, all reading the same configuration
// (src/config.ts) and talking to the same Temporal cluster and PostgreSQL:
//   chargeledger worker    workflows and activities (sessions, billing, roaming); syncs the Schedules
//   chargeledger gateway   the OCPP-J gateway chargers connect to, with the worker that relays remote stops
//   chargeledger api       the HTTP API (and the OCPI routes when roaming is configured): src/server.ts
// `chargeledger dev` runs all of them in one process against a local Temporal dev server.
import { InvalidArgumentError, type Command } from 'commander';
import pino from 'pino';
import type { CdrOwner } from '../../cdr';
import { loadConfig } from '../../config';
import { openDatabase } from '../../db';
import { partiesWithRole } from '../../ocpi/identity';
import { startStack, type StackOptions } from '../../runtime/stack';
import { main as startApiServer } from '../../server';
import { untilStopped } from '../untilStopped';

/** "DE:CLG" → the CDR owner for chargers whose CPO is not on record. */
function parseOwner(text: string): CdrOwner {
  const match = /^([A-Z]{2}):([A-Z0-9]{3})$/.exec(text.trim());
  if (!match) throw new InvalidArgumentError('expected COUNTRY:PARTY, e.g. DE:CLG');
  return { countryCode: match[1], partyId: match[2] };
}

/** Our CPO party when OCPI is configured, else the project's example party. */
function defaultOwner(): CdrOwner {
  const [cpo] = partiesWithRole(loadConfig().ocpi ?? { baseUrl: '', parties: [] }, 'CPO');
  return cpo ? { countryCode: cpo.countryCode, partyId: cpo.partyId } : { countryCode: 'DE', partyId: 'CLG' };
}

/** Runs one part of the stack until Ctrl-C / SIGTERM, then drains it and closes the database. */
async function runUntilStopped(
  name: string,
  parts: Omit<StackOptions, 'db' | 'temporal' | 'logger'>,
  describe: (stack: Awaited<ReturnType<typeof startStack>>) => string,
): Promise<void> {
  const config = loadConfig();
  const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
  const db = await openDatabase(config.database);
  try {
    const stack = await startStack({ db, temporal: config.temporal, logger, ...parts });
    logger.info(`${name} running: ${describe(stack)} (Ctrl-C to stop)`);
    await untilStopped();
    logger.info(`${name} stopping…`);
    await stack.close();
  } finally {
    await db.destroy();
  }
}

export function registerProcesses(program: Command): void {
  program
    .command('worker')
    .description('Run a worker process: the session, billing and roaming workflows and their activities')
    .option('--owner <CC:PID>', 'CDR owner for chargers whose CPO is not recorded', parseOwner)
    .action(async (options: { owner?: CdrOwner }) => {
      const config = loadConfig();
      await runUntilStopped(
        'worker',
        { defaultOwner: options.owner ?? defaultOwner(), worker: true },
        () =>
          `task queue ${config.temporal.taskQueue} at ${config.temporal.address ?? 'the default address'}`,
      );
    });

  program
    .command('gateway')
    .description('Run the OCPP-J gateway (1.6J and 2.0.1) that chargers connect to')
    .option('--host <host>', 'listen address', '127.0.0.1')
    .option('--port <port>', 'listen port', '9000')
    .action(async (options: { host: string; port: string }) => {
      await runUntilStopped(
        'gateway',
        {
          defaultOwner: defaultOwner(),
          worker: false,
          invoiceSchedules: false,
          ocpp: { host: options.host, port: Number(options.port) },
        },
        (stack) => `${stack.gateway!.url}/<chargePointId>`,
      );
    });

  program
    .command('api')
    .description('Run the HTTP API (CHARGELEDGER_API_HOST / CHARGELEDGER_API_PORT, default 127.0.0.1:8080)')
    .action(async () => {
      const running = await startApiServer();
      process.stdout.write(`API listening at ${running.url} (OpenAPI at ${running.url}/docs)\n`);
      await untilStopped();
      await running.close();
    });
}
