// Roaming schema: OCPI partners (one row per connection, with the parties it speaks for and its
// credentials tokens), commercial agreements, CDR deliveries to partners (we are the CPO), CDRs
// received from partners (we are the eMSP) with their retail re-rating, disputes and settlement
// statements.
//
// Credentials tokens: the token a partner presents to us is only ever verified, so only its sha256 is
// kept (tokens are 256-bit random, as API keys are); the token we present to them must be sent, so it
// is kept as given. Money and energy are `numeric`; OCPI objects are kept whole in `jsonb`.
import type { Knex } from 'knex';

export const PARTNER_STATUSES = ['invited', 'registering', 'registered', 'unregistered'] as const;
/** Which credentials token a partner presents to us (OCPI credentials module: A, B or C). */
export const TOKEN_KINDS = ['A', 'B', 'C'] as const;
export const OCPI_ROLES = ['CPO', 'EMSP', 'HUB', 'NAP', 'NSP', 'OTHER', 'SCSP'] as const;
export const AGREEMENT_ROLES = ['CPO', 'EMSP'] as const;
export const SETTLEMENT_PERIODS = ['weekly', 'monthly', 'quarterly'] as const;
export const DELIVERY_STATUSES = ['pending', 'accepted', 'rejected'] as const;
export const RETAIL_STATUSES = ['rated', 'no_retail_tariff', 'unknown_token', 'rating_failed'] as const;
export const RECEIVED_CDR_STATES = ['received', 'invoiced'] as const;
export const CDR_DIRECTIONS = ['sent', 'received'] as const;
export const DISPUTE_STATUSES = ['open', 'resolved', 'withdrawn'] as const;

const NUMERIC = 'numeric';

function timestamps(t: Knex.CreateTableBuilder, db: Knex, ...names: string[]) {
  for (const name of names) t.timestamp(name, { useTz: true }).notNullable().defaultTo(db.fn.now());
}

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('roaming_partners', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.text('status')
      .notNullable()
      .checkIn([...PARTNER_STATUSES]);
    t.text('versions_url').comment('their OCPI versions endpoint');
    t.text('version').comment('the OCPI version in use, e.g. 2.2.1');
    t.jsonb('endpoints').notNullable().defaultTo('[]').comment('their endpoints for that version');
    t.text('incoming_token_hash').unique().comment('sha256 of the credentials token they present to us');
    t.text('incoming_token_kind').checkIn([...TOKEN_KINDS]);
    t.text('pending_token_hash')
      .unique()
      .comment(
        'a new token we offered them (our PUT in flight); valid beside the current one until it lands',
      );
    t.text('outgoing_token').comment('the credentials token we present to them');
    t.timestamp('registered_at', { useTz: true });
    t.timestamp('unregistered_at', { useTz: true });
    timestamps(t, db, 'created_at', 'updated_at');
  });

  await db.schema.createTable('roaming_partner_roles', (t) => {
    t.text('partner_id').notNullable().references('id').inTable('roaming_partners').onDelete('CASCADE');
    t.text('role')
      .notNullable()
      .checkIn([...OCPI_ROLES]);
    t.text('country_code').notNullable();
    t.text('party_id').notNullable();
    t.text('business_name').notNullable();
    t.jsonb('business_details').notNullable().defaultTo('{}');
    t.primary(['role', 'country_code', 'party_id']);
    t.index(['partner_id']);
    t.check(`country_code ~ '^[A-Z]{2}$'`, [], 'roaming_partner_roles_country');
    t.check(`party_id ~ '^[A-Z0-9]{3}$'`, [], 'roaming_partner_roles_party');
  });

  await db.schema.createTable('roaming_agreements', (t) => {
    t.text('partner_id').notNullable().references('id').inTable('roaming_partners').onDelete('CASCADE');
    t.text('our_role')
      .notNullable()
      .checkIn([...AGREEMENT_ROLES])
      .comment('CPO: their drivers charge at our chargers; EMSP: our drivers charge at theirs');
    t.text('wholesale_tariff_id').comment('the tariff the CPO rates the eMSP with');
    t.text('currency').notNullable();
    t.text('settlement_period')
      .notNullable()
      .checkIn([...SETTLEMENT_PERIODS]);
    t.integer('payment_terms_days').notNullable();
    t.boolean('self_billing')
      .notNullable()
      .defaultTo(false)
      .comment('the eMSP issues the invoice for the CPO');
    timestamps(t, db, 'created_at', 'updated_at');
    t.primary(['partner_id', 'our_role']);
    t.check(`currency ~ '^[A-Z]{3}$'`, [], 'roaming_agreements_currency');
    t.check('payment_terms_days >= 0', [], 'roaming_agreements_terms');
  });

  await db.schema.createTable('roaming_cdr_deliveries', (t) => {
    t.text('cdr_id').notNullable().references('id').inTable('cdrs');
    t.text('partner_id').notNullable().references('id').inTable('roaming_partners').onDelete('CASCADE');
    t.text('status')
      .notNullable()
      .defaultTo('pending')
      .checkIn([...DELIVERY_STATUSES]);
    t.integer('attempts').notNullable().defaultTo(0);
    t.integer('last_http_status');
    t.integer('last_ocpi_status');
    t.text('last_message');
    t.text('location').comment('URL of the CDR in the receiver system (POST response Location)');
    t.timestamp('last_attempt_at', { useTz: true });
    t.timestamp('accepted_at', { useTz: true });
    timestamps(t, db, 'created_at');
    t.primary(['cdr_id', 'partner_id']);
    t.index(['partner_id', 'status']);
  });

  await db.schema.createTable('roaming_cdrs', (t) => {
    t.text('record_id').primary().comment('our id of the received CDR; its URL in the POST response');
    t.text('partner_id').notNullable().references('id').inTable('roaming_partners');
    t.text('country_code').notNullable();
    t.text('party_id').notNullable();
    t.text('cdr_id').notNullable();
    t.jsonb('cdr').notNullable().comment('the OCPI CDR as received');
    t.text('content_hash').notNullable().comment('sha256 of the canonical CDR: a resend must match');
    t.text('currency').notNullable();
    t.timestamp('start_date_time', { useTz: true }).notNullable();
    t.timestamp('end_date_time', { useTz: true }).notNullable();
    t.timestamp('last_updated', { useTz: true }).notNullable();
    t.specificType('total_cost_excl_vat', NUMERIC).notNullable();
    t.specificType('total_cost_incl_vat', NUMERIC);
    t.specificType('total_energy', NUMERIC).notNullable().comment('kWh');
    t.specificType('total_time', NUMERIC).notNullable().comment('hours');
    t.boolean('credit').notNullable().defaultTo(false);
    t.text('credit_reference_id');
    t.text('token_uid').notNullable();
    t.text('contract_id').notNullable();
    t.text('retail_status')
      .notNullable()
      .checkIn([...RETAIL_STATUSES]);
    t.text('retail_message');
    t.text('retail_tariff_id');
    t.integer('retail_tariff_version');
    t.specificType('retail_total_excl_vat', NUMERIC);
    t.specificType('retail_total_incl_vat', NUMERIC);
    t.jsonb('retail_breakdown');
    t.text('state')
      .notNullable()
      .defaultTo('received')
      .checkIn([...RECEIVED_CDR_STATES]);
    t.text('invoice_reference');
    timestamps(t, db, 'received_at', 'updated_at');
    t.unique(['country_code', 'party_id', 'cdr_id']);
    t.index(['partner_id', 'last_updated']);
    t.index(['state']);
    t.check(
      '(credit and credit_reference_id is not null) or not credit',
      [],
      'roaming_cdrs_credit_reference',
    );
  });

  await db.schema.createTable('roaming_disputes', (t) => {
    t.bigIncrements('id').primary();
    t.text('partner_id').notNullable().references('id').inTable('roaming_partners');
    t.text('direction')
      .notNullable()
      .checkIn([...CDR_DIRECTIONS]);
    t.text('country_code').notNullable();
    t.text('party_id').notNullable();
    t.text('cdr_id').notNullable();
    t.text('reason').notNullable();
    t.text('status')
      .notNullable()
      .defaultTo('open')
      .checkIn([...DISPUTE_STATUSES]);
    t.text('credit_cdr_id').comment('the credit CDR that resolved the dispute');
    timestamps(t, db, 'opened_at');
    t.timestamp('closed_at', { useTz: true });
    t.index(['partner_id', 'status']);
  });
  // At most one open dispute per CDR: opening it again is a no-op.
  await db.raw(
    `create unique index roaming_disputes_one_open on roaming_disputes (direction, country_code, party_id, cdr_id) where status = 'open'`,
  );

  await db.schema.createTable('settlement_statements', (t) => {
    t.text('id').primary();
    t.text('partner_id').notNullable().references('id').inTable('roaming_partners');
    t.timestamp('period_start', { useTz: true }).notNullable();
    t.timestamp('period_end', { useTz: true }).notNullable();
    t.text('currency').notNullable();
    t.integer('version').notNullable();
    t.jsonb('statement').notNullable();
    t.text('content_hash').notNullable().comment('an unchanged statement is not stored again');
    t.specificType('receivable_incl_vat', NUMERIC).notNullable();
    t.specificType('payable_incl_vat', NUMERIC).notNullable();
    t.specificType('net_incl_vat', NUMERIC).notNullable().comment('> 0: the partner owes us');
    timestamps(t, db, 'created_at');
    t.unique(['partner_id', 'period_start', 'period_end', 'currency', 'version']);
  });
  await db.raw(
    'create trigger settlement_statements_immutable before update on settlement_statements for each row execute function chargeledger_reject_update()',
  );
}

export async function down(db: Knex): Promise<void> {
  for (const table of [
    'settlement_statements',
    'roaming_disputes',
    'roaming_cdrs',
    'roaming_cdr_deliveries',
    'roaming_agreements',
    'roaming_partner_roles',
    'roaming_partners',
  ]) {
    await db.schema.dropTableIfExists(table);
  }
}
