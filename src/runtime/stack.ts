// The running system in one place: worker, session service, OCPP gateway (with its worker) and,
// when asked, the HTTP API (with the OCPI 2.2.1 routes when roaming is configured). `chargeledger dev`,
// the demo, the end-to-end tests and the session benchmark all start it; production runs the same
// pieces as separate processes.
import type { Worker, WorkflowBundleOption } from '@temporalio/worker';
import type { Knex } from 'knex';
import pino, { type Logger } from 'pino';
import type { BillingSettings } from '../../activities/billing';
import { buildApiServer, type ApiApp } from '../api';
import { ensureInvoiceSchedules } from '../billing/schedules';
import type { CdrOwner } from '../cdr';
import { loadConfig, type ChargeledgerConfig, type TemporalConfig } from '../config';
import { verifyChargerPassword } from '../db';
import { createGatewayWorker } from '../lifecycle/gatewayWorker';
import { SessionService } from '../lifecycle/sessionService';
import { createOcppGateway, type OcppGateway } from '../ocpp';
import { ocpiServing, resumeReceivedCdrs } from '../roaming/roamingWorkflows';
import { roamingSettingsOf, type RoamingSettings } from '../roaming/roamingSettings';
import { ensureSettlementSchedules } from '../roaming/settlement/settlementSchedules';
import { connectClient, connectWorkerConnection } from '../temporal/connection';
import { quietTemporalRuntime } from '../temporal/runtimeLogging';
import { createWorker } from '../worker';

export interface StackOptions {
  db: Knex;
  temporal: TemporalConfig;
  defaultOwner: CdrOwner;
  logger?: Logger;
  /** OCPP gateway listen address; omit `ocpp` to run without a gateway. */
  ocpp?: { host?: string; port?: number };
  /** HTTP API listen address (port 0: any free port); omit `api` to run without it. Stripe webhooks are
   *  verified with `stripeWebhookSecret` (default STRIPE_WEBHOOK_SECRET). */
  api?: { host?: string; port?: number; stripeWebhookSecret?: string };
  /** Run the chargeledger worker in this process (default true). */
  worker?: boolean;
  workflowBundle?: WorkflowBundleOption;
  /** Default: CHARGELEDGER_INACTIVITY_TIMEOUT_SECONDS, else 24 h. */
  inactivityTimeoutSeconds?: number;
  /** How often running sessions ingest what was stored. Default: CHARGELEDGER_INGEST_INTERVAL_SECONDS, else 300 s. */
  ingestIntervalSeconds?: number;
  maxHistoryEvents?: number;
  /** Stripe, hold amount and mail of the billing activities; default: from the environment. */
  billing?: BillingSettings;
  /** Create or update the Schedules at start: contract invoice runs, and with roaming the settlements (which
   *  also restarts the hand-over of received CDRs not invoiced yet). Default: when running the worker. */
  invoiceSchedules?: boolean;
  /**
   * OCPI identity and roaming settings: the API serves the OCPI routes, the worker pushes partner CDRs,
   * hands received ones to invoicing and settles (Schedules per agreement, synced at start with the
   * worker). Default: from OCPI_BASE_URL / OCPI_PARTIES (src/config.ts); null: no roaming.
   */
  roaming?: RoamingSettings | null;
}

export interface Stack {
  sessions: SessionService;
  gateway?: OcppGateway;
  /** The HTTP API, when asked for: its base URL, e.g. http://127.0.0.1:41234. */
  api?: { url: string; server: ApiApp };
  close(): Promise<void>;
}

export async function startStack(options: StackOptions): Promise<Stack> {
  const logger = options.logger ?? pino({ level: 'silent' });
  quietTemporalRuntime();
  const { temporal } = options;
  // The environment's settings, read once and only if an option leaves something to them.
  let loaded: ChargeledgerConfig | undefined;
  const config = () => (loaded ??= loadConfig());
  const roaming =
    options.roaming === undefined ? roamingSettingsOf(config()) : (options.roaming ?? undefined);
  const roamingAuthorization = roaming && { identity: roaming.identity, timeoutMs: roaming.timeoutMs };
  const client = await connectClient(temporal);
  const connection = await connectWorkerConnection(temporal);
  const workers: Worker[] = [];
  const runs: Promise<void>[] = [];
  const run = (worker: Worker) => {
    workers.push(worker);
    runs.push(worker.run());
  };

  if (options.worker ?? true) {
    run(
      await createWorker({
        connection,
        namespace: temporal.namespace,
        taskQueue: temporal.taskQueue,
        db: options.db,
        defaultOwner: options.defaultOwner,
        workflowBundle: options.workflowBundle,
        ...(options.billing && { billing: options.billing }),
        ...(roaming && { roaming }),
      }),
    );
  }
  if (options.invoiceSchedules ?? options.worker ?? true) {
    await ensureInvoiceSchedules(client, options.db, { taskQueue: temporal.taskQueue });
    if (roaming) {
      await ensureSettlementSchedules(client, options.db, { taskQueue: temporal.taskQueue });
      await resumeReceivedCdrs(client, options.db, temporal.taskQueue);
    }
  }
  const sessions = new SessionService({
    db: options.db,
    client,
    taskQueue: temporal.taskQueue,
    logger: logger.child({ component: 'sessions' }),
    inactivityTimeoutSeconds: options.inactivityTimeoutSeconds ?? config().sessions.inactivityTimeoutSeconds,
    ingestIntervalSeconds: options.ingestIntervalSeconds ?? config().sessions.ingestIntervalSeconds,
    maxHistoryEvents: options.maxHistoryEvents,
    ...(roamingAuthorization && { roaming: roamingAuthorization }),
  });
  let gateway: OcppGateway | undefined;
  if (options.ocpp) {
    gateway = await createOcppGateway({
      backend: sessions,
      authenticate: (chargePointId, password) => verifyChargerPassword(options.db, chargePointId, password),
      host: options.ocpp.host ?? '127.0.0.1',
      port: options.ocpp.port ?? 0,
      logger: logger.child({ component: 'ocpp' }),
    });
    run(await createGatewayWorker(connection, temporal.namespace, gateway, temporal.taskQueue));
  }
  let api: Stack['api'];
  async function close() {
    await api?.server.close();
    await gateway?.close();
    // Ctrl-C may have started a worker's own shutdown already (the SDK listens for SIGINT too).
    for (const worker of workers) if (worker.getState() === 'RUNNING') worker.shutdown();
    await Promise.all(runs);
    await connection.close();
    await client.connection.close();
  }
  if (options.api) {
    const server = buildApiServer({
      db: options.db,
      sessions,
      temporal: client,
      logger: logger.child({ component: 'api' }),
      billing: {
        taskQueue: temporal.taskQueue,
        stripeWebhookSecret: options.api.stripeWebhookSecret ?? config().stripe.webhookSecret,
      },
      ...(roaming && { ocpi: ocpiServing(roaming, client, temporal.taskQueue) }),
    });
    try {
      const url = await server.listen({ host: options.api.host ?? '127.0.0.1', port: options.api.port ?? 0 });
      api = { url, server };
    } catch (err) {
      // A port in use must not leave the workers polling with nobody to stop them.
      await server.close();
      await close();
      throw err;
    }
  }

  return { sessions, gateway, api, close };
}
