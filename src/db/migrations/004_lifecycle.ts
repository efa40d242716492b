// What the session workflow's ingest step needs: the validator's running state and how far it has read,
// per session; and which tariffs a connector offers (OCPI Connector.tariff_ids).
import type { Knex } from 'knex';

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('sessions', (t) => {
    t.jsonb('meter_state').comment('running state of src/session/meterValidation (small, no samples)');
    t.bigInteger('ingested_sample_id').notNullable().defaultTo(0).comment('meter_samples.id read up to');
    t.bigInteger('ingested_event_id').notNullable().defaultTo(0).comment('session_events.id read up to');
  });
  await db.schema.alterTable('connectors', (t) => {
    t.specificType('tariff_ids', 'text[]')
      .notNullable()
      .defaultTo('{}')
      .comment('OCPI Connector.tariff_ids: tariffs offered at this connector (ad hoc and regular)');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('connectors', (t) => t.dropColumn('tariff_ids'));
  await db.schema.alterTable('sessions', (t) => {
    t.dropColumn('meter_state');
    t.dropColumn('ingested_sample_id');
    t.dropColumn('ingested_event_id');
  });
}
