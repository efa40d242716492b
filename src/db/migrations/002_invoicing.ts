// Invoicing: issuers and customers, gapless invoice numbers, invoices and credit notes with the CDRs
// they cover, their rendered documents, payments and invoice e-mails.
//
// Invariants the schema itself enforces (so no code path can break them):
// - a number is unique per issuer, and (issuer, series, year, sequence) is unique: one counter row per
//   (issuer, series, year) hands numbers out inside the issuing transaction (see repos/invoiceNumbers);
// - each CDR is on at most one invoice and at most one credit note (invoice_cdrs unique (cdr_id, kind));
// - an issued document never changes: only its status may (trigger), and neither invoices nor their
//   CDR links can be deleted, so a number is never freed for reuse;
// - one e-mail delivery per (invoice, recipient): an invoice is never sent twice to the same address.
import type { Knex } from 'knex';

export const INVOICE_KINDS = ['invoice', 'credit_note'] as const;
export const INVOICE_STATUSES = [
  'issued',
  'open',
  'paid',
  'payment_failed',
  'credited',
  'partially_credited',
] as const;
export const CUSTOMER_KINDS = ['business', 'consumer'] as const;
export const BILLING_MODES = ['ad_hoc', 'contract'] as const;
export const CONTRACT_PERIODS = ['monthly', 'quarterly'] as const;
export const PAYMENT_METHODS = ['card', 'bank_transfer'] as const;
export const VAT_TREATMENTS = ['domestic', 'reverse_charge'] as const;
export const LANGUAGES = ['en', 'de'] as const;
export const DOCUMENT_KINDS = ['pdf', 'cii_xml', 'ubl_xml'] as const;
export const PAYMENT_PROVIDERS = ['stripe'] as const;
/** src/payments PaymentState, plus the outcomes only events tell (failed, refunds). */
export const PAYMENT_STATES = [
  'authorized',
  'paid',
  'processing',
  'action_required',
  'canceled',
  'unpaid',
  'failed',
  'refunded',
  'partially_refunded',
] as const;
export const EMAIL_STATUSES = ['queued', 'sent', 'failed'] as const;

const NUMERIC = 'numeric';

function timestamps(t: Knex.CreateTableBuilder, db: Knex, ...names: string[]) {
  for (const name of names) t.timestamp(name, { useTz: true }).notNullable().defaultTo(db.fn.now());
}

/** Postal address and contact columns shared by issuers and customers. */
function partyColumns(t: Knex.CreateTableBuilder) {
  t.text('name').notNullable();
  t.specificType('address_lines', 'text[]').notNullable();
  t.text('postal_code').notNullable();
  t.text('city').notNullable();
  t.text('country').notNullable().comment('ISO 3166-1 alpha-2');
  t.text('vat_id');
  t.text('tax_registration');
  t.text('email');
  t.text('phone');
  t.text('language')
    .notNullable()
    .defaultTo('en')
    .checkIn([...LANGUAGES]);
  t.text('time_zone').notNullable().defaultTo('UTC').comment('IANA zone');
  t.text('currency').notNullable().comment('ISO 4217');
}

// Columns of an issued invoice that never change after the insert.
const FROZEN_INVOICE_COLUMNS = [
  'issuer_id',
  'customer_id',
  'kind',
  'series',
  'year',
  'sequence',
  'number',
  'credited_invoice_id',
  'issue_date',
  'currency',
  'total_net',
  'total_vat',
  'total_gross',
  'invoice',
  'idempotency_key',
  'request_hash',
];

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('issuers', (t) => {
    t.text('id').primary();
    partyColumns(t);
    t.text('legal_registration');
    t.text('iban');
    t.text('bic');
    t.text('bank_name');
    t.text('contact_name');
    t.specificType('legal_info', 'text[]').notNullable().defaultTo('{}');
    t.text('logo_text').comment('the name as printed in the document head, when not the legal name');
    t.text('invoice_series').notNullable().defaultTo('INV');
    t.text('credit_note_series').notNullable().defaultTo('CN');
    t.integer('number_digits').notNullable().defaultTo(6);
    t.boolean('yearly_numbering').notNullable().defaultTo(true).comment('INV-2026-000001; else INV-000001');
    t.integer('payment_terms_days').notNullable().defaultTo(14);
    timestamps(t, db, 'created_at', 'updated_at');
    t.check(`country ~ '^[A-Z]{2}$'`, [], 'issuers_country_alpha2');
    t.check(`currency ~ '^[A-Z]{3}$'`, [], 'issuers_currency');
    t.check(`invoice_series ~ '^[A-Za-z0-9]+$'`, [], 'issuers_invoice_series');
    t.check(`credit_note_series ~ '^[A-Za-z0-9]+$'`, [], 'issuers_credit_note_series');
    t.check('invoice_series <> credit_note_series', [], 'issuers_distinct_series');
    t.check('number_digits between 1 and 12', [], 'issuers_number_digits');
    t.check('payment_terms_days >= 0', [], 'issuers_payment_terms');
  });

  await db.schema.createTable('customers', (t) => {
    t.text('id').primary().comment('the issuer’s customer number (EN 16931 BT-46)');
    t.text('issuer_id').notNullable().references('id').inTable('issuers');
    t.text('kind')
      .notNullable()
      .checkIn([...CUSTOMER_KINDS]);
    partyColumns(t);
    t.text('payment_method')
      .notNullable()
      .defaultTo('bank_transfer')
      .checkIn([...PAYMENT_METHODS]);
    t.text('stripe_customer_id');
    t.text('stripe_payment_method_id');
    t.text('billing_mode')
      .notNullable()
      .defaultTo('ad_hoc')
      .checkIn([...BILLING_MODES]);
    t.text('contract_period')
      .notNullable()
      .defaultTo('monthly')
      .checkIn([...CONTRACT_PERIODS]);
    t.text('vat_treatment')
      .notNullable()
      .defaultTo('domestic')
      .checkIn([...VAT_TREATMENTS]);
    t.text('buyer_reference').comment('EN 16931 BT-10, e.g. an XRechnung Leitweg-ID');
    t.text('datev_account').comment('debtor account (Debitor) in DATEV exports');
    timestamps(t, db, 'created_at', 'updated_at');
    t.check(`country ~ '^[A-Z]{2}$'`, [], 'customers_country_alpha2');
    t.check(`currency ~ '^[A-Z]{3}$'`, [], 'customers_currency');
    t.check(
      `payment_method <> 'card' or stripe_customer_id is not null`,
      [],
      'customers_card_has_stripe_customer',
    );
    t.index(['issuer_id', 'billing_mode']);
  });

  await db.schema.createTable('invoice_number_counters', (t) => {
    t.text('issuer_id').notNullable().references('id').inTable('issuers');
    t.text('series').notNullable();
    t.integer('year').notNullable().comment('0 when the issuer numbers without yearly reset');
    t.integer('next_sequence').notNullable().defaultTo(1);
    t.primary(['issuer_id', 'series', 'year']);
    t.check('next_sequence >= 1', [], 'invoice_number_counters_positive');
  });

  await db.schema.createTable('invoices', (t) => {
    t.bigIncrements('id').primary();
    t.text('issuer_id').notNullable().references('id').inTable('issuers');
    t.text('customer_id').notNullable().references('id').inTable('customers');
    t.text('kind')
      .notNullable()
      .checkIn([...INVOICE_KINDS]);
    t.text('series').notNullable();
    t.integer('year').notNullable();
    t.integer('sequence').notNullable();
    t.text('number').notNullable();
    t.bigInteger('credited_invoice_id').references('id').inTable('invoices');
    t.date('issue_date').notNullable();
    t.date('due_date');
    t.date('service_period_start').notNullable();
    t.date('service_period_end').notNullable();
    t.text('currency').notNullable();
    t.specificType('total_net', NUMERIC).notNullable();
    t.specificType('total_vat', NUMERIC).notNullable();
    t.specificType('total_gross', NUMERIC).notNullable();
    t.text('status')
      .notNullable()
      .checkIn([...INVOICE_STATUSES]);
    t.jsonb('invoice')
      .notNullable()
      .comment('the computed invoice (src/invoice Invoice): re-renders identically');
    t.text('idempotency_key').notNullable().unique();
    t.text('request_hash').notNullable().comment('sha256 of the issuing request: a reused key must match');
    timestamps(t, db, 'created_at', 'updated_at');
    t.unique(['issuer_id', 'number']);
    t.unique(['issuer_id', 'series', 'year', 'sequence']);
    t.index(['issue_date', 'id']);
    t.index(['customer_id', 'issue_date']);
    t.index(['credited_invoice_id']);
    t.check('sequence >= 1', [], 'invoices_sequence_positive');
    t.check(
      `(kind = 'credit_note') = (credited_invoice_id is not null)`,
      [],
      'invoices_credit_note_references_invoice',
    );
  });

  await db.schema.createTable('invoice_cdrs', (t) => {
    t.bigInteger('invoice_id').notNullable().references('id').inTable('invoices');
    t.text('cdr_id').notNullable().references('id').inTable('cdrs');
    t.text('kind')
      .notNullable()
      .checkIn([...INVOICE_KINDS])
      .comment('= the invoice’s kind, repeated for the unique constraint');
    t.text('line_id').notNullable().comment('the session line id on the invoice');
    t.primary(['invoice_id', 'cdr_id']);
    t.unique(['cdr_id', 'kind']);
  });

  await db.schema.createTable('invoice_documents', (t) => {
    t.bigInteger('invoice_id').notNullable().references('id').inTable('invoices');
    t.text('kind')
      .notNullable()
      .checkIn([...DOCUMENT_KINDS]);
    t.binary('content').notNullable();
    t.text('sha256').notNullable();
    timestamps(t, db, 'created_at');
    t.primary(['invoice_id', 'kind']);
  });

  await db.schema.createTable('payments', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('invoice_id')
      .references('id')
      .inTable('invoices')
      .comment('null while a hold precedes the invoice');
    t.text('provider')
      .notNullable()
      .defaultTo('stripe')
      .checkIn([...PAYMENT_PROVIDERS]);
    t.text('payment_intent_id').notNullable().unique();
    t.bigInteger('amount_minor').notNullable();
    t.text('currency').notNullable();
    t.text('state')
      .notNullable()
      .checkIn([...PAYMENT_STATES]);
    t.text('idempotency_key').notNullable().unique();
    t.jsonb('events')
      .notNullable()
      .defaultTo('[]')
      .comment('provider events applied, in order; one per event id');
    timestamps(t, db, 'created_at', 'updated_at');
    t.index(['invoice_id']);
    t.check('amount_minor >= 0', [], 'payments_amount_not_negative');
  });

  await db.schema.createTable('email_deliveries', (t) => {
    t.bigIncrements('id').primary();
    t.bigInteger('invoice_id').notNullable().references('id').inTable('invoices');
    t.text('recipient').notNullable();
    t.text('message_id');
    t.text('status')
      .notNullable()
      .defaultTo('queued')
      .checkIn([...EMAIL_STATUSES]);
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('sent_at', { useTz: true });
    timestamps(t, db, 'created_at', 'updated_at');
    t.unique(['invoice_id', 'recipient']);
  });

  // Contract runs find a customer's CDRs by the token uid inside the OCPI CDR.
  await db.raw(`create index cdrs_token_uid on cdrs ((cdr->'cdr_token'->>'uid'), end_date_time)`);

  const changed = FROZEN_INVOICE_COLUMNS.map((c) => `old.${c} is distinct from new.${c}`).join(' or ');
  await db.raw(`
    create function chargeledger_invoice_frozen() returns trigger language plpgsql as $$
    begin
      if tg_op = 'DELETE' then
        raise exception 'rows of % are never deleted: invoice numbers must not be freed', tg_table_name
          using errcode = 'integrity_constraint_violation';
      end if;
      if ${changed} then
        raise exception 'invoice % is issued: only its status may change (issue a credit note instead)', old.number
          using errcode = 'integrity_constraint_violation';
      end if;
      return new;
    end $$`);
  await db.raw(
    'create trigger invoices_frozen before update or delete on invoices for each row execute function chargeledger_invoice_frozen()',
  );
  await db.raw(
    'create trigger invoice_cdrs_immutable before update or delete on invoice_cdrs for each row execute function chargeledger_reject_update()',
  );
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop index if exists cdrs_token_uid');
  for (const table of [
    'email_deliveries',
    'payments',
    'invoice_documents',
    'invoice_cdrs',
    'invoices',
    'invoice_number_counters',
    'customers',
    'issuers',
  ]) {
    await db.schema.dropTableIfExists(table);
  }
  await db.raw('drop function if exists chargeledger_invoice_frozen()');
}
