// `chargeledger dev`: everything a newcomer needs, running until Ctrl-C. A persistent local Temporal dev
// server with its web UI, the database (PGlite by default, DATABASE_URL for PostgreSQL), a worker, the
// OCPP gateway and the HTTP API, all on loopback.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import pino from 'pino';
import { BOOTSTRAP_KEY_ENV, ensureBootstrapApiClient } from '../../api';
import { loadConfig } from '../../config';
import { openDatabase } from '../../db';
import { devTemporalDbFile, startTemporalDevServer } from '../../dev/temporalServer';
import { startStack } from '../../runtime/stack';
import { quietTemporalRuntime } from '../../temporal/runtimeLogging';
import { untilStopped } from '../untilStopped';

/** The admin key: CHARGELEDGER_BOOTSTRAP_API_KEY, else one generated once and kept in the data dir. */
function devApiKey(dataDir: string): string {
  const fromEnv = process.env[BOOTSTRAP_KEY_ENV];
  if (fromEnv) return fromEnv;
  const file = path.join(dataDir, 'dev-api-key');
  if (fs.existsSync(file)) return fs.readFileSync(file, 'utf8').trim();
  const key = `clg_dev_${randomBytes(24).toString('base64url')}`;
  fs.mkdirSync(dataDir, { recursive: true });
  fs.writeFileSync(file, key + '\n', { mode: 0o600 });
  return key;
}

interface DevOptions {
  ocppPort: string;
  apiPort: string;
}

export function registerDev(program: Command): void {
  program
    .command('dev')
    .description(
      'Run Temporal dev server, worker, OCPP gateway and HTTP API together on loopback (until Ctrl-C)',
    )
    .option('--ocpp-port <port>', 'OCPP-J WebSocket port', '9000')
    .option('--api-port <port>', 'HTTP API port', '3000')
    .action(async (options: DevOptions) => {
      const config = loadConfig();
      const logger = pino({ level: process.env.LOG_LEVEL ?? 'info' });
      quietTemporalRuntime();
      const temporal = await startTemporalDevServer({
        dbFile: devTemporalDbFile(config.dataDir),
        namespace: config.temporal.namespace,
      });
      const db = await openDatabase(config.database);
      const apiKey = devApiKey(config.dataDir);
      await ensureBootstrapApiClient(db, apiKey);
      const stack = await startStack({
        db,
        temporal: { ...config.temporal, address: temporal.address },
        defaultOwner: { countryCode: 'DE', partyId: 'CLG' },
        logger,
        ocpp: { port: Number(options.ocppPort) },
        api: { port: Number(options.apiPort) },
      });
      const say = (line: string) => process.stdout.write(line + '\n');
      say('chargeledger is running:');
      say(`  OCPP gateway   ${stack.gateway!.url}/<chargePointId>  (OCPP 1.6J and 2.0.1, basic auth)`);
      if (stack.api) {
        say(`  HTTP API       ${stack.api.url}  (OpenAPI at ${stack.api.url}/docs)`);
        say(`  API key        ${apiKey}  (admin; Authorization: Bearer <key>)`);
      }
      say(`  Temporal UI    ${temporal.uiUrl ?? '(external server at ' + temporal.address + ')'}`);
      say(
        `  Database       ${config.database.kind === 'pglite' ? `PGlite in ${config.database.dataDir}` : 'PostgreSQL (DATABASE_URL)'}`,
      );
      say('Press Ctrl-C to stop.');
      await untilStopped();
      say('stopping…');
      await stack.close();
      await db.destroy();
      await temporal.stop();
    });
}
