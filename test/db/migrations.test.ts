// The migrations go up and down cleanly on PostgreSQL and on PGlite (the embedded default), and the
// core schema stores money, energy and time as exact numerics and instants as timestamptz.
import type { Knex } from 'knex';
import { migrateDownAll, migrateLatest, migrationNames, pendingMigrations } from '../../src/db/migrate';
import { useTestDatabase, type TestDatabaseKind } from '../helpers/db';

const CORE_TABLES = [
  'api_clients',
  'audit_log',
  'cdrs',
  'chargers',
  'connectors',
  'meter_samples',
  'session_events',
  'sessions',
  'tariffs',
  'tokens',
  'transaction_ids',
];

async function tables(db: Knex): Promise<string[]> {
  const { rows } = await db.raw(
    `select table_name from information_schema.tables where table_schema = current_schema() order by 1`,
  );
  return rows.map((r: { table_name: string }) => r.table_name);
}

async function columnType(db: Knex, table: string, column: string): Promise<string> {
  const { rows } = await db.raw(
    `select data_type from information_schema.columns
      where table_schema = current_schema() and table_name = ? and column_name = ?`,
    [table, column],
  );
  return rows[0]?.data_type ?? `no column ${table}.${column}`;
}

describe.each<TestDatabaseKind>(['postgres', 'pglite'])('migrations on %s', (kind) => {
  const t = useTestDatabase({ kind, migrate: false });

  it('apply in name order from nothing, then report nothing pending', async () => {
    const all = migrationNames();
    expect(all[0]).toBe('001_core');
    expect(await pendingMigrations(t.db)).toEqual(all);
    expect(await migrateLatest(t.db)).toEqual(all);
    expect(await pendingMigrations(t.db)).toEqual([]);
    expect(await migrateLatest(t.db)).toEqual([]);
    expect(await tables(t.db)).toEqual(expect.arrayContaining([...CORE_TABLES, 'knex_migrations']));
  });

  it('keep money, energy and durations exact and instants zoned', async () => {
    const numeric = [
      ['sessions', 'meter_start_wh'],
      ['sessions', 'meter_stop_wh'],
      ['meter_samples', 'energy_wh'],
      ['meter_samples', 'power_w'],
      ['cdrs', 'total_cost_excl_vat'],
      ['cdrs', 'total_cost_incl_vat'],
      ['cdrs', 'total_energy'],
      ['cdrs', 'total_time'],
      ['cdrs', 'total_parking_time'],
      ['connectors', 'max_power_w'],
    ];
    for (const [table, column] of numeric)
      expect(`${table}.${column}: ${await columnType(t.db, table, column)}`).toBe(
        `${table}.${column}: numeric`,
      );
    const zoned = [
      ['sessions', 'started_at'],
      ['meter_samples', 'sampled_at'],
      ['cdrs', 'end_date_time'],
      ['tariffs', 'valid_from'],
      ['audit_log', 'at'],
    ];
    for (const [table, column] of zoned) {
      expect(`${table}.${column}: ${await columnType(t.db, table, column)}`).toBe(
        `${table}.${column}: timestamp with time zone`,
      );
    }
  });

  it('roll back completely and apply again', async () => {
    const all = migrationNames();
    expect(await migrateDownAll(t.db)).toEqual([...all].reverse());
    expect(await tables(t.db)).toEqual(['knex_migrations', 'knex_migrations_lock']);
    const { rows } = await t.db.raw(
      `select proname from pg_proc p join pg_namespace n on n.oid = p.pronamespace where n.nspname = current_schema()`,
    );
    expect(rows).toEqual([]);
    expect(await migrateLatest(t.db)).toEqual(all);
    expect(await tables(t.db)).toEqual(expect.arrayContaining(CORE_TABLES));
  });
});
