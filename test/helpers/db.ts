// A private, migrated database for each test file: a fresh schema on the real PostgreSQL server
// (dropped afterwards), or an in-memory PGlite (the embedded default, so it cannot rot).
//
//   const testDb = useTestDatabase();          // registers beforeAll/afterAll
//   it('…', async () => { await upsertSession(testDb.db, …) });
import type { Knex } from 'knex';
import type { DatabaseConfig } from '../../src/config';
import { createKnex } from '../../src/db/knex';
import { migrateLatest } from '../../src/db/migrate';
import { freshPgliteImage } from './pgliteImage';
import { TEST_DATABASE_URL, adminKnex, newSchemaName, urlWithSchema } from './postgres';

export type TestDatabaseKind = 'postgres' | 'pglite';

export interface TestDatabase {
  kind: TestDatabaseKind;
  db: Knex;
  /** Pass to createKnex / openDatabase (or, for PostgreSQL, `DATABASE_URL=config.url` to a child process). */
  config: DatabaseConfig;
  /** The PostgreSQL schema (undefined for PGlite). */
  schema: string | undefined;
  /** Closes the connections and drops the schema. */
  destroy(): Promise<void>;
}

export interface TestDatabaseOptions {
  kind?: TestDatabaseKind;
  /** Apply the migrations (default true). */
  migrate?: boolean;
}

async function postgresTestDatabase(migrate: boolean): Promise<TestDatabase> {
  const schema = newSchemaName();
  const admin = adminKnex();
  await admin.raw('create schema ??', [schema]);
  const config: DatabaseConfig = { kind: 'postgres', url: urlWithSchema(TEST_DATABASE_URL, schema) };
  const db = createKnex(config, { poolMax: 5 });
  const destroy = async () => {
    await db.destroy();
    await admin.raw('drop schema if exists ?? cascade', [schema]);
    await admin.destroy();
  };
  try {
    if (migrate) await migrateLatest(db);
  } catch (err) {
    await destroy();
    throw err;
  }
  return { kind: 'postgres', db, config, schema, destroy };
}

async function pgliteTestDatabase(migrate: boolean): Promise<TestDatabase> {
  const config: DatabaseConfig = { kind: 'pglite', dataDir: null };
  const db = createKnex(config, { pgliteImage: await freshPgliteImage() });
  if (migrate) await migrateLatest(db);
  return { kind: 'pglite', db, config, schema: undefined, destroy: () => db.destroy() };
}

export function createTestDatabase(options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const migrate = options.migrate ?? true;
  return options.kind === 'pglite' ? pgliteTestDatabase(migrate) : postgresTestDatabase(migrate);
}

/**
 * Registers jest hooks that create the database before the file's tests and drop it after them.
 * Read `.db` / `.current` inside tests (not at module load).
 */
export function useTestDatabase(options: TestDatabaseOptions = {}): {
  readonly db: Knex;
  readonly current: TestDatabase;
} {
  let current: TestDatabase | undefined;
  beforeAll(async () => {
    current = await createTestDatabase(options);
  }, 120_000);
  afterAll(async () => {
    await current?.destroy();
  });
  const get = () => {
    if (!current) throw new Error('the test database is not ready yet: use it inside tests or hooks');
    return current;
  };
  return {
    get db() {
      return get().db;
    },
    get current() {
      return get();
    },
  };
}
