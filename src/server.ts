// The HTTP API as a process: `tsx src/server.ts` (or `node -r tsx/cjs …`). Reads the configuration from
// the environment (src/config.ts, src/api/apiConfig.ts), opens and migrates the database, connects to
// Temporal and listens; with OCPI_BASE_URL set it serves the OCPI 2.2.1 routes too. Session and roaming
// workflows run in worker processes (src/worker.ts), not here.
import pino from 'pino';
import { buildApiServer, ensureBootstrapApiClient, loadApiConfig } from './api';
import { loadConfig } from './config';
import { openDatabase } from './db';
import { SessionService } from './lifecycle/sessionService';
import { roamingSettingsOf } from './roaming/roamingSettings';
import { ocpiServing } from './roaming/roamingWorkflows';
import { connectClient } from './temporal/connection';

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

export async function main(env: Record<string, string | undefined> = process.env): Promise<RunningServer> {
  const config = loadConfig(env);
  const apiConfig = loadApiConfig(env);
  const logger = pino({ level: env.LOG_LEVEL ?? 'info' });
  const db = await openDatabase(config.database);
  const temporal = await connectClient(config.temporal).catch(async (err: unknown) => {
    await db.destroy();
    throw err;
  });
  try {
    if (apiConfig.bootstrapApiKey) {
      const client = await ensureBootstrapApiClient(db, apiConfig.bootstrapApiKey);
      logger.info({ clientId: client.id, name: client.name }, 'bootstrap API client ready');
    }
    const { taskQueue } = config.temporal;
    const roaming = roamingSettingsOf(config);
    const sessions = new SessionService({
      db,
      client: temporal,
      taskQueue,
      logger: logger.child({ component: 'sessions' }),
      ...(roaming && { roaming: { identity: roaming.identity } }),
    });
    const server = buildApiServer({
      db,
      sessions,
      temporal,
      logger,
      billing: { taskQueue, stripeWebhookSecret: config.stripe.webhookSecret },
      ...(roaming && { ocpi: ocpiServing(roaming, temporal, taskQueue) }),
    });
    const url = await server.listen({ host: apiConfig.host, port: apiConfig.port });
    return {
      url,
      async close() {
        await server.close();
        await temporal.connection.close();
        await db.destroy();
      },
    };
  } catch (err) {
    await temporal.connection.close();
    await db.destroy();
    throw err;
  }
}

if (require.main === module) {
  main().then(
    (running) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => {
          running.close().then(
            () => process.exit(0),
            (err: unknown) => {
              console.error(err);
              process.exit(1);
            },
          );
        });
      }
    },
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : err);
      process.exit(1);
    },
  );
}
