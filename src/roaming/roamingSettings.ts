// What a running chargeledger needs to roam: who we are on OCPI, how received CDRs are re-rated, how
// long a partner may take to answer, and where settlement statements are written. One value handed
// from the configuration (or a test) to the worker, the session edge and the HTTP API alike.
import path from 'node:path';
import type { Knex } from 'knex';
import type { ChargeledgerConfig } from '../config';
import type { OcpiContext } from '../ocpi/credentials';
import type { OcpiIdentity } from '../ocpi/identity';
import type { PushRetry } from './pushRetry';
import type { RetailOptions } from './retailRating';

export interface RoamingSettings {
  identity: OcpiIdentity;
  retail?: RetailOptions;
  /** Time limit of each request to a partner; default 15 s. */
  timeoutMs?: number;
  /** Pace of CDR push retries while a partner is unavailable; default the cdrPush workflow's policy. */
  pushRetry?: PushRetry;
  /** Settlement statements (PDF and CSV) are written below `<outDir>/settlements`. */
  outDir: string;
}

/**
 * From OCPI_BASE_URL, OCPI_PARTIES, OCPI_DEFAULT_RETAIL_TARIFF, OCPI_PUSH_RETRY_INITIAL_MS /
 * OCPI_PUSH_RETRY_MAX_MS and CHARGELEDGER_OUT_DIR; undefined: roaming off.
 */
export function roamingSettingsOf(config: ChargeledgerConfig): RoamingSettings | undefined {
  if (!config.ocpi) return undefined;
  return {
    identity: config.ocpi,
    ...(config.defaultRetailTariffId && { retail: { defaultRetailTariffId: config.defaultRetailTariffId } }),
    ...(config.ocpiPushRetry && { pushRetry: config.ocpiPushRetry }),
    outDir: config.outDir,
  };
}

export function ocpiContextOf(db: Knex, settings: RoamingSettings): OcpiContext {
  return {
    db,
    identity: settings.identity,
    ...(settings.timeoutMs !== undefined && { timeoutMs: settings.timeoutMs }),
  };
}

/** Where a statement version's files go: one folder per partner, named by period and version. */
export function statementFilesOf(
  settings: Pick<RoamingSettings, 'outDir'>,
  statement: { partnerId: string; periodStart: string; periodEnd: string; version: number },
): { pdf: string; csv: string } {
  const day = (instant: string) => instant.slice(0, 10);
  const base = path.join(
    settings.outDir,
    'settlements',
    statement.partnerId,
    `${day(statement.periodStart)}_${day(statement.periodEnd)}_v${statement.version}`,
  );
  return { pdf: `${base}.pdf`, csv: `${base}.csv` };
}
