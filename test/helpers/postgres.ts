// The machine's PostgreSQL server as tests use it (127.0.0.1:5432, trust auth, database `test`).
// Shared by the per-file database helper and the jest globalSetup.
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { createKnex } from '../../src/db/knex';

/** Override with TEST_DATABASE_URL (e.g. another host or port). */
export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** A one-connection Knex on `url` for setup work (creating and dropping schemas). */
export function adminKnex(url = TEST_DATABASE_URL): Knex {
  return createKnex({ kind: 'postgres', url }, { poolMax: 1 });
}

/** The same server's maintenance database, to create `test` when it is missing. */
function maintenanceUrl(url: string): string {
  const u = new URL(url);
  u.pathname = '/postgres';
  return u.toString();
}

/** Fails with a message saying what to do when the server does not answer; creates the database if missing. */
export async function ensureTestDatabase(url = TEST_DATABASE_URL): Promise<void> {
  const maintenance = adminKnex(maintenanceUrl(url));
  const database = decodeURIComponent(new URL(url).pathname.slice(1));
  try {
    const found = await maintenance.raw('select 1 from pg_database where datname = ?', [database]);
    if (found.rows.length === 0) {
      await maintenance.raw('create database ??', [database]).catch((err: { code?: string }) => {
        if (err.code !== '42P04') throw err; // created meanwhile by a parallel run
      });
    }
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new Error(
      `PostgreSQL is not reachable at ${new URL(url).host} (${reason}). Start it ` +
        '(`pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`, as .ci/run does) ' +
        'or point TEST_DATABASE_URL at a server.',
      { cause: err },
    );
  } finally {
    await maintenance.destroy();
  }
}

const SCHEMA_PREFIX = 't_';

/** A fresh schema name that encodes its creation time, so stale ones can be recognised. */
export function newSchemaName(): string {
  return `${SCHEMA_PREFIX}${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
}

/** `url` with every connection's search_path set to `schema` (also works for child processes). */
export function urlWithSchema(url: string, schema: string): string {
  const u = new URL(url);
  u.searchParams.set('options', `-c search_path=${schema}`);
  return u.toString();
}

/** Drops test schemas older than `maxAgeMs` left behind by killed runs (other runs' live ones are younger). */
export async function dropStaleTestSchemas(
  maxAgeMs = 6 * 3600_000,
  url = TEST_DATABASE_URL,
): Promise<string[]> {
  const admin = adminKnex(url);
  try {
    const { rows } = await admin.raw(
      `select nspname from pg_namespace where nspname like '${SCHEMA_PREFIX}%'`,
    );
    const stale = (rows as Array<{ nspname: string }>)
      .map((r) => r.nspname)
      .filter((name) => {
        const born = parseInt(name.slice(SCHEMA_PREFIX.length).split('_')[0], 36);
        return Number.isFinite(born) && Date.now() - born > maxAgeMs;
      });
    for (const name of stale) await admin.raw('drop schema if exists ?? cascade', [name]);
    return stale;
  } finally {
    await admin.destroy();
  }
}
