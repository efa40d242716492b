// Core schema of the charge lifecycle: chargers, tariffs (versioned), tokens, OCPP 1.6 transaction ids,
// sessions with their raw meter samples and events, CDRs, API clients and the audit trail.
//
// Conventions: money, energy and durations are `numeric` (exact; read back as strings); instants are
// `timestamptz`; OCPI objects are kept whole in `jsonb` beside the columns we query. Rows that are
// evidence (tariff versions, audit entries) are immutable: a trigger rejects UPDATE.
import type { Knex } from 'knex';

const NUMERIC = 'numeric';

function timestamps(t: Knex.CreateTableBuilder, db: Knex, ...names: string[]) {
  for (const name of names) t.timestamp(name, { useTz: true }).notNullable().defaultTo(db.fn.now());
}

function oneOf(column: string, values: readonly string[]): string {
  return `${column} in (${values.map((v) => `'${v}'`).join(', ')})`;
}

export const SESSION_STATUSES = ['active', 'stopped', 'rated', 'failed'] as const;
export const TOKEN_TYPES = ['AD_HOC_USER', 'APP_USER', 'OTHER', 'RFID'] as const;
export const TOKEN_STATUSES = ['valid', 'blocked', 'expired'] as const;
export const WHITELIST_TYPES = ['ALWAYS', 'ALLOWED', 'ALLOWED_OFFLINE', 'NEVER'] as const;
export const CONNECTOR_FORMATS = ['CABLE', 'SOCKET'] as const;
/** OCPI CDR Price totals, each stored as <name>_excl_vat and <name>_incl_vat. */
export const CDR_MONEY_TOTALS = [
  'total_cost',
  'total_fixed_cost',
  'total_energy_cost',
  'total_time_cost',
  'total_parking_cost',
  'total_reservation_cost',
] as const;
export const POWER_TYPES = ['AC_1_PHASE', 'AC_2_PHASE', 'AC_2_PHASE_SPLIT', 'AC_3_PHASE', 'DC'] as const;

const IMMUTABLE = ['tariffs', 'audit_log'];

export async function up(db: Knex): Promise<void> {
  await db.raw(`
    create function chargeledger_reject_update() returns trigger language plpgsql as $$
    begin
      raise exception 'rows of % are immutable: insert a new row instead', tg_table_name
        using errcode = 'integrity_constraint_violation';
    end $$`);

  await db.schema.createTable('chargers', (t) => {
    t.text('charge_point_id').primary();
    t.text('ocpp_version').notNullable().checkIn(['1.6', '2.0.1']);
    t.text('password_hash').comment('scrypt$N$r$p$salt$hash (OCPP Security Profile 1 basic auth)');
    t.text('vendor');
    t.text('model');
    t.text('serial_number');
    t.text('firmware_version');
    // The CPO operating the charger (OCPI party) and where it stands (OCPI cdr_location fields).
    t.text('cpo_country_code');
    t.text('cpo_party_id');
    t.text('location_id');
    t.text('location_name');
    t.text('address');
    t.text('city');
    t.text('postal_code');
    t.text('state');
    t.text('country').comment('ISO 3166-1 alpha-3');
    t.text('latitude');
    t.text('longitude');
    t.text('time_zone').notNullable().defaultTo('UTC').comment('IANA zone: tariff times are local to it');
    t.timestamp('last_boot_at', { useTz: true });
    t.timestamp('last_heartbeat_at', { useTz: true });
    timestamps(t, db, 'created_at', 'updated_at');
    t.check(`country is null or country ~ '^[A-Z]{3}$'`, [], 'chargers_country_alpha3');
  });

  await db.schema.createTable('connectors', (t) => {
    t.text('charge_point_id')
      .notNullable()
      .references('charge_point_id')
      .inTable('chargers')
      .onDelete('CASCADE');
    t.integer('connector_id').notNullable().comment('OCPP connector id; 0 = the charge point as a whole');
    t.text('evse_uid').comment('OCPI EVSE.uid');
    t.text('evse_id').comment('eMI3 EVSE id, e.g. DE*ABC*E123*1');
    t.text('ocpi_connector_id').notNullable();
    t.text('standard').comment('OCPI ConnectorType, e.g. IEC_62196_T2');
    t.text('format');
    t.text('power_type');
    t.specificType('max_power_w', NUMERIC);
    t.text('status').comment('last OCPP connector state');
    t.timestamp('status_at', { useTz: true });
    t.text('error_code');
    t.primary(['charge_point_id', 'connector_id']);
    t.check('connector_id >= 0', [], 'connectors_id_not_negative');
    t.check(`format is null or ${oneOf('format', CONNECTOR_FORMATS)}`, [], 'connectors_format');
    t.check(`power_type is null or ${oneOf('power_type', POWER_TYPES)}`, [], 'connectors_power_type');
  });

  await db.schema.createTable('tariffs', (t) => {
    t.text('tariff_id').notNullable();
    t.integer('version').notNullable();
    t.text('country_code').notNullable();
    t.text('party_id').notNullable();
    t.text('currency').notNullable();
    t.text('type');
    t.jsonb('tariff').notNullable().comment('the OCPI 2.2.1 Tariff object as received');
    t.text('content_hash').notNullable().comment('sha256 of the canonical JSON: an unchanged put is a no-op');
    t.timestamp('valid_from', { useTz: true }).comment('OCPI start_date_time');
    t.timestamp('valid_to', { useTz: true }).comment('OCPI end_date_time');
    t.timestamp('last_updated', { useTz: true }).notNullable();
    timestamps(t, db, 'created_at');
    t.primary(['tariff_id', 'version']);
    t.check('version >= 1', [], 'tariffs_version_positive');
    t.check(`currency ~ '^[A-Z]{3}$'`, [], 'tariffs_currency');
  });

  await db.schema.createTable('tokens', (t) => {
    t.text('uid').primary();
    t.text('country_code').notNullable().comment('issuing eMSP');
    t.text('party_id').notNullable();
    t.text('type')
      .notNullable()
      .checkIn([...TOKEN_TYPES]);
    t.text('contract_id').notNullable();
    t.text('visual_number');
    t.text('issuer');
    t.text('group_id');
    t.text('language');
    t.text('status')
      .notNullable()
      .defaultTo('valid')
      .checkIn([...TOKEN_STATUSES]);
    t.text('whitelist')
      .notNullable()
      .defaultTo('ALLOWED')
      .checkIn([...WHITELIST_TYPES]);
    t.timestamp('expires_at', { useTz: true });
    t.text('tariff_id').comment('contract tariff; absent = the charger tariff');
    t.text('customer_id').comment('contract customer (invoicing)');
    t.boolean('is_roaming').notNullable().defaultTo(false).comment('issued by a roaming partner eMSP');
    t.timestamp('last_updated', { useTz: true }).notNullable();
    timestamps(t, db, 'created_at');
    t.index(['contract_id']);
    t.index(['customer_id']);
  });

  await db.schema.createTable('transaction_ids', (t) => {
    // OCPP 1.6 wants an integer transaction id; serial gives one, the unique key makes a retried
    // StartTransaction get the same one back.
    t.increments('transaction_id').primary();
    t.text('charge_point_id').notNullable();
    t.integer('connector_id').notNullable();
    t.text('id_tag').notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable();
    timestamps(t, db, 'created_at');
    t.unique(['charge_point_id', 'connector_id', 'id_tag', 'started_at']);
  });

  await db.schema.createTable('sessions', (t) => {
    t.text('id').primary().comment('= workflow id, session-<chargePointId>-<transactionId>');
    t.text('charge_point_id').notNullable();
    t.integer('connector_id').notNullable();
    t.text('transaction_id').notNullable();
    t.text('id_tag').notNullable();
    t.text('token_uid');
    t.text('auth_status').notNullable();
    t.text('contract_id');
    t.text('tariff_id');
    t.integer('tariff_version').comment('frozen at start: later tariff versions never reprice this session');
    t.text('time_zone').notNullable();
    t.specificType('meter_start_wh', NUMERIC).notNullable();
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('stopped_at', { useTz: true });
    t.specificType('meter_stop_wh', NUMERIC);
    t.text('stop_reason');
    t.text('status')
      .notNullable()
      .defaultTo('active')
      .checkIn([...SESSION_STATUSES]);
    t.jsonb('flags').notNullable().defaultTo('{}');
    timestamps(t, db, 'created_at', 'updated_at');
    t.unique(['charge_point_id', 'transaction_id']);
    t.index(['status']);
    t.index(['started_at']);
    t.index(['token_uid']);
    t.foreign(['tariff_id', 'tariff_version']).references(['tariff_id', 'version']).inTable('tariffs');
  });

  await db.schema.createTable('meter_samples', (t) => {
    t.bigIncrements('id').primary();
    t.text('session_id').notNullable().references('id').inTable('sessions').onDelete('CASCADE');
    t.timestamp('sampled_at', { useTz: true }).notNullable();
    t.specificType('energy_wh', NUMERIC).comment('Energy.Active.Import.Register');
    t.specificType('power_w', NUMERIC);
    t.specificType('current_a', NUMERIC);
    t.specificType('soc_percent', NUMERIC);
    t.text('context').comment('OCPP ReadingContext');
    t.text('signed_data');
    t.text('signed_format');
    t.specificType('flags', 'text[]')
      .notNullable()
      .defaultTo('{}')
      .comment('validation findings, e.g. out_of_order');
    t.text('sample_key')
      .notNullable()
      .comment('sha256 of the normalised sample: the same reading twice is one row');
    timestamps(t, db, 'received_at');
    t.unique(['session_id', 'sample_key']);
    t.index(['session_id', 'sampled_at']);
  });

  await db.schema.createTable('session_events', (t) => {
    t.bigIncrements('id').primary();
    t.text('session_id').notNullable().references('id').inTable('sessions').onDelete('CASCADE');
    t.timestamp('at', { useTz: true }).notNullable();
    t.text('kind').notNullable().comment('e.g. status, authorized, stop_requested');
    t.jsonb('data').notNullable().defaultTo('{}');
    t.text('event_key').notNullable().comment('sha256 of (at, kind, data): a redelivered event is one row');
    timestamps(t, db, 'recorded_at');
    t.unique(['session_id', 'event_key']);
    t.index(['session_id', 'at']);
  });

  await db.schema.createTable('cdrs', (t) => {
    t.text('id').primary().comment('OCPI CDR id');
    t.text('session_id').references('id').inTable('sessions');
    t.text('country_code').notNullable();
    t.text('party_id').notNullable();
    t.text('currency').notNullable();
    t.timestamp('start_date_time', { useTz: true }).notNullable();
    t.timestamp('end_date_time', { useTz: true }).notNullable();
    for (const money of CDR_MONEY_TOTALS) {
      t.specificType(`${money}_excl_vat`, NUMERIC);
      t.specificType(`${money}_incl_vat`, NUMERIC);
    }
    t.specificType('total_energy', NUMERIC).comment('kWh');
    t.specificType('total_time', NUMERIC).comment('hours');
    t.specificType('total_parking_time', NUMERIC).comment('hours');
    t.text('tariff_id');
    t.integer('tariff_version');
    t.jsonb('cdr').notNullable().comment('the full OCPI 2.2.1 CDR');
    t.jsonb('breakdown').comment('the rating breakdown: exact decimal strings explaining every cent');
    t.boolean('credit').notNullable().defaultTo(false);
    t.text('credit_reference_id');
    t.text('invoice_reference_id');
    timestamps(t, db, 'created_at');
    t.timestamp('last_updated', { useTz: true }).notNullable();
    t.index(['last_updated']);
    t.index(['end_date_time']);
    t.foreign(['tariff_id', 'tariff_version']).references(['tariff_id', 'version']).inTable('tariffs');
    t.check('(credit and credit_reference_id is not null) or not credit', [], 'cdrs_credit_has_reference');
  });
  // One (non-credit) CDR per session; credit CDRs reference the one they cancel.
  await db.raw('create unique index cdrs_one_per_session on cdrs (session_id) where not credit');

  await db.schema.createTable('api_clients', (t) => {
    t.text('id').primary();
    t.text('name').notNullable().unique();
    t.text('key_hash')
      .notNullable()
      .unique()
      .comment('sha256 of the API key; the key itself is never stored');
    t.text('key_prefix').notNullable().comment('first characters of the key, to recognise it in lists');
    t.specificType('scopes', 'text[]').notNullable().defaultTo('{}');
    timestamps(t, db, 'created_at');
    t.timestamp('revoked_at', { useTz: true });
  });

  await db.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id').primary();
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(db.fn.now());
    t.text('actor').notNullable();
    t.text('action').notNullable();
    t.text('subject');
    t.jsonb('data').notNullable().defaultTo('{}');
    t.text('idempotency_key').unique().comment('a retried append with the same key is one row');
    t.index(['subject']);
    t.index(['at']);
  });

  for (const table of IMMUTABLE) {
    await db.raw(
      `create trigger ${table}_immutable before update on ${table} for each row execute function chargeledger_reject_update()`,
    );
  }
}

export async function down(db: Knex): Promise<void> {
  for (const table of [
    'audit_log',
    'api_clients',
    'cdrs',
    'session_events',
    'meter_samples',
    'sessions',
    'transaction_ids',
    'tokens',
    'tariffs',
    'connectors',
    'chargers',
  ]) {
    await db.schema.dropTableIfExists(table);
  }
  await db.raw('drop function if exists chargeledger_reject_update()');
}
