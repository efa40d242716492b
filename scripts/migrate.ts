// `npm run db:migrate`: brings the configured database (DATABASE_URL, else the embedded PGlite in
// .data/pglite) to the latest schema. `-- --status` lists pending migrations without applying them.
import { loadConfig } from '../src/config';
import { createKnex } from '../src/db/knex';
import { migrateLatest, pendingMigrations } from '../src/db/migrate';

async function main(argv: string[]): Promise<void> {
  const { database } = loadConfig();
  const where =
    database.kind === 'postgres' ? new URL(database.url).host : `PGlite ${database.dataDir ?? 'in memory'}`;
  const db = createKnex(database);
  try {
    if (argv.includes('--status')) {
      const pending = await pendingMigrations(db);
      process.stdout.write(`${where}: ${pending.length ? `pending ${pending.join(', ')}` : 'up to date'}\n`);
      return;
    }
    const applied = await migrateLatest(db);
    process.stdout.write(
      `${where}: ${applied.length ? `applied ${applied.join(', ')}` : 'already up to date'}\n`,
    );
  } finally {
    await db.destroy();
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`db:migrate: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
