// Migrations are TypeScript modules in ./migrations named NNN_name.ts, applied in name order.
// A custom migration source (plain `require`) lets them run the same under tsx, jest and the CLI;
// each area adds its own file (001_core, 002_invoicing, 003_roaming, …) and nothing else changes.
import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';

export interface Migration {
  up(db: Knex): Promise<void>;
  down(db: Knex): Promise<void>;
}

export const MIGRATIONS_DIR = path.join(__dirname, 'migrations');
const MIGRATION_FILE = /^(\d{3}_[a-z0-9_]+)\.(ts|js)$/;

/** Migration names in the order they apply, e.g. ["001_core", "002_invoicing"]. */
export function migrationNames(dir = MIGRATIONS_DIR): string[] {
  const names = fs
    .readdirSync(dir)
    .map((file) => MIGRATION_FILE.exec(file)?.[1])
    .filter((name): name is string => name !== undefined);
  return [...new Set(names)].sort();
}

function loadMigration(dir: string, name: string): Migration {
  const mod = require(path.join(dir, name)) as Partial<Migration>;
  if (typeof mod.up !== 'function' || typeof mod.down !== 'function') {
    throw new Error(`${path.join(dir, name)}: a migration must export async functions up(db) and down(db)`);
  }
  return mod as Migration;
}

export function migrationSource(dir = MIGRATIONS_DIR): Knex.MigrationSource<string> {
  return {
    getMigrations: async () => migrationNames(dir),
    getMigrationName: (name) => name,
    getMigration: async (name) => loadMigration(dir, name),
  };
}

const migratorConfig = (): Knex.MigratorConfig => ({ migrationSource: migrationSource() });

/** Applies every pending migration; returns the names applied now (empty when up to date). */
export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, applied] = (await db.migrate.latest(migratorConfig())) as [number, string[]];
  return applied;
}

/** Undoes every applied migration, newest first; returns the names undone. */
export async function migrateDownAll(db: Knex): Promise<string[]> {
  const [, undone] = (await db.migrate.rollback(migratorConfig(), true)) as [number, string[]];
  return undone;
}

/** Names of migrations not applied yet. */
export async function pendingMigrations(db: Knex): Promise<string[]> {
  const [, pending] = (await db.migrate.list(migratorConfig())) as [
    unknown,
    Array<{ file: string } | string>,
  ];
  return pending.map((entry) => (typeof entry === 'string' ? entry : entry.file));
}
