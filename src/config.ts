// Runtime configuration, read once from the environment. Every setting has a default that works on a
// fresh clone (embedded PGlite database, outbox e-mail, a local Temporal dev server), so nothing is
// required to try chargeledger; production points the same settings at real services.
import path from 'node:path';
import { positiveWholeNumberFromEnv } from './envNumber';
import { loadOcpiIdentity, type OcpiIdentity } from './ocpi/identity';
import { pushRetryFromEnv, type PushRetry } from './roaming/pushRetry';
import { TASK_QUEUE } from './temporal/taskQueues';

/** The repository root (src/ is one level down); dev data and tools live below it. */
export const REPO_ROOT = path.resolve(__dirname, '..');

export type DatabaseConfig =
  /** A PostgreSQL server reached through `pg`. */
  | { kind: 'postgres'; url: string }
  /** Embedded PGlite; `dataDir: null` keeps everything in memory (tests). */
  | { kind: 'pglite'; dataDir: string | null };

export interface TemporalConfig {
  /** host:port of the Temporal frontend; undefined means "none configured" (dev starts one). */
  address: string | undefined;
  namespace: string;
  taskQueue: string;
}

export interface ChargeledgerConfig {
  database: DatabaseConfig;
  temporal: TemporalConfig;
  stripe: { secretKey: string | undefined; apiBase: string | undefined; webhookSecret: string | undefined };
  /** What an ad hoc card payment holds at session start, a decimal in the tariff's currency (CHARGELEDGER_HOLD_AMOUNT). */
  holdAmount: string;
  /** e.g. smtp://127.0.0.1:2525; undefined means the outbox folder transport. */
  smtpUrl: string | undefined;
  /** Persistent dev state: PGlite data, the Temporal dev server's SQLite file. Git-ignored. */
  dataDir: string;
  /** Generated artefacts: outbox e-mails, exports. Git-ignored. */
  outDir: string;
  /** Our OCPI 2.2.1 identity (OCPI_BASE_URL, OCPI_PARTIES); undefined: roaming is off. */
  ocpi: OcpiIdentity | undefined;
  /** Retail tariff of received roaming CDRs whose driver's contract names none (OCPI_DEFAULT_RETAIL_TARIFF). */
  defaultRetailTariffId: string | undefined;
  /** Pace of CDR push retries (OCPI_PUSH_RETRY_INITIAL_MS, OCPI_PUSH_RETRY_MAX_MS); undefined: 2 s doubling to 10 min. */
  ocpiPushRetry: PushRetry | undefined;
  /** Running sessions: closed after this much silence, and ingested this often (undefined: 24 h, 300 s). */
  sessions: { inactivityTimeoutSeconds?: number; ingestIntervalSeconds?: number };
}

type Env = Record<string, string | undefined>;

function nonEmpty(env: Env, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** Where the embedded database lives: PGLITE_DIR, or `<dataDir>/pglite`; `memory://` for in-memory. */
function databaseFrom(env: Env, dataDir: string): DatabaseConfig {
  const url = nonEmpty(env, 'DATABASE_URL');
  if (url) {
    if (!/^postgres(ql)?:\/\//.test(url)) {
      throw new Error(
        `DATABASE_URL must be a postgres:// or postgresql:// URL, got "${url.split('@').pop()}"`,
      );
    }
    return { kind: 'postgres', url };
  }
  const dir = nonEmpty(env, 'PGLITE_DIR');
  if (dir === 'memory://') return { kind: 'pglite', dataDir: null };
  return { kind: 'pglite', dataDir: path.resolve(REPO_ROOT, dir ?? path.join(dataDir, 'pglite')) };
}

const seconds = (env: Env, name: string) => positiveWholeNumberFromEnv(env, name, 'seconds');

/** A positive decimal with at most 4 decimals: rounding it to a currency is the payment code's job. */
function holdAmountFrom(env: Env): string {
  const amount = nonEmpty(env, 'CHARGELEDGER_HOLD_AMOUNT') ?? '50.00';
  if (!/^\d+(\.\d{1,4})?$/.test(amount) || !/[1-9]/.test(amount)) {
    throw new Error(`CHARGELEDGER_HOLD_AMOUNT must be a positive decimal such as "50.00", got "${amount}"`);
  }
  return amount;
}

/**
 * Reads the configuration from `env` (default `process.env`):
 * DATABASE_URL | PGLITE_DIR, TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE, TEMPORAL_TASK_QUEUE,
 * STRIPE_SECRET_KEY, STRIPE_API_BASE, STRIPE_WEBHOOK_SECRET, CHARGELEDGER_HOLD_AMOUNT, SMTP_URL,
 * CHARGELEDGER_DATA_DIR, CHARGELEDGER_OUT_DIR, OCPI_BASE_URL, OCPI_PARTIES, OCPI_DEFAULT_RETAIL_TARIFF,
 * OCPI_PUSH_RETRY_INITIAL_MS, OCPI_PUSH_RETRY_MAX_MS, CHARGELEDGER_INACTIVITY_TIMEOUT_SECONDS,
 * CHARGELEDGER_INGEST_INTERVAL_SECONDS.
 */
export function loadConfig(env: Env = process.env): ChargeledgerConfig {
  const dataDir = path.resolve(REPO_ROOT, nonEmpty(env, 'CHARGELEDGER_DATA_DIR') ?? '.data');
  return {
    database: databaseFrom(env, dataDir),
    temporal: {
      address: nonEmpty(env, 'TEMPORAL_ADDRESS'),
      namespace: nonEmpty(env, 'TEMPORAL_NAMESPACE') ?? 'default',
      taskQueue: nonEmpty(env, 'TEMPORAL_TASK_QUEUE') ?? TASK_QUEUE,
    },
    stripe: {
      secretKey: nonEmpty(env, 'STRIPE_SECRET_KEY'),
      apiBase: nonEmpty(env, 'STRIPE_API_BASE'),
      webhookSecret: nonEmpty(env, 'STRIPE_WEBHOOK_SECRET'),
    },
    holdAmount: holdAmountFrom(env),
    smtpUrl: nonEmpty(env, 'SMTP_URL'),
    dataDir,
    outDir: path.resolve(REPO_ROOT, nonEmpty(env, 'CHARGELEDGER_OUT_DIR') ?? 'out'),
    ocpi: loadOcpiIdentity(env),
    defaultRetailTariffId: nonEmpty(env, 'OCPI_DEFAULT_RETAIL_TARIFF'),
    ocpiPushRetry: pushRetryFromEnv(env),
    sessions: {
      inactivityTimeoutSeconds: seconds(env, 'CHARGELEDGER_INACTIVITY_TIMEOUT_SECONDS'),
      ingestIntervalSeconds: seconds(env, 'CHARGELEDGER_INGEST_INTERVAL_SECONDS'),
    },
  };
}
