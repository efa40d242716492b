// Knex instances for the two supported databases: a PostgreSQL server (DATABASE_URL) or embedded PGlite
// (the zero-setup default). Both read values back the same way (see typeParsers.ts) and run the same
// migrations, so everything above this file is database-agnostic.
import fs from 'node:fs';
import path from 'node:path';
import knex, { type Knex } from 'knex';
import ClientPgLite from 'knex-pglite';
import { loadConfig, type DatabaseConfig } from '../config';
import { migrateLatest } from './migrate';
import { openPGlite } from './pglite';
import { pgTypes } from './typeParsers';

/**
 * Connections per process. More is not faster on a small machine: 30 per process meant 65 PostgreSQL
 * backends contending for 2 cores and fewer sessions per second (npm run bench:sessions).
 */
export const DEFAULT_POOL_MAX = 10;

export type { Knex };

export interface KnexOptions {
  /** Most pooled connections to PostgreSQL (default 10). PGlite always has exactly one. */
  poolMax?: number;
  /** PGlite only: start a new database from this data directory image instead of initdb (see pglite.ts). */
  pgliteImage?: Blob;
}

function postgresKnex(url: string, options: KnexOptions): Knex {
  return knex({
    client: 'pg',
    connection: { connectionString: url, types: pgTypes },
    // min 0: an idle process (or a finished test file) holds no connections.
    pool: { min: 0, max: options.poolMax ?? DEFAULT_POOL_MAX },
  });
}

function pgliteKnex(dataDir: string | null, options: KnexOptions): Knex {
  if (dataDir) fs.mkdirSync(path.dirname(dataDir), { recursive: true });
  const pglite = openPGlite({ dataDir, image: options.pgliteImage });
  return knex({
    client: ClientPgLite,
    dialect: 'postgres',
    // knex-pglite takes a ready instance through a connection function; it is closed by db.destroy().
    connection: () => ({ pglite }) as object,
  });
}

/** A Knex for `config` (default: from the environment). Call `destroy()` when done. Does not migrate. */
export function createKnex(config: DatabaseConfig = loadConfig().database, options: KnexOptions = {}): Knex {
  return config.kind === 'postgres' ? postgresKnex(config.url, options) : pgliteKnex(config.dataDir, options);
}

/** createKnex + migrations to the latest version: what a process needs before it touches data. */
export async function openDatabase(
  config: DatabaseConfig = loadConfig().database,
  options: KnexOptions = {},
): Promise<Knex> {
  const db = createKnex(config, options);
  try {
    await migrateLatest(db);
  } catch (err) {
    await db.destroy();
    throw err;
  }
  return db;
}
