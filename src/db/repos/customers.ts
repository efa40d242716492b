// Customers: drivers and businesses (fleets) an issuer invoices, how they pay, and whether they are
// invoiced per session (ad hoc) or per contract period. Tokens point at their customer.
import type { Knex } from 'knex';
import {
  BILLING_MODES,
  CONTRACT_PERIODS,
  CUSTOMER_KINDS,
  PAYMENT_METHODS,
  VAT_TREATMENTS,
} from '../migrations/002_invoicing';
import { InvalidRecordError, iso, oneOf, requiredText } from '../values';
import { partyColumns, partyFieldsOf, type PartyFields, type PartyRecordFields } from './partyColumns';

export type CustomerKind = (typeof CUSTOMER_KINDS)[number];
export type BillingMode = (typeof BILLING_MODES)[number];
export type ContractPeriod = (typeof CONTRACT_PERIODS)[number];
export type CustomerPaymentMethod = (typeof PAYMENT_METHODS)[number];
export type CustomerVatTreatment = (typeof VAT_TREATMENTS)[number];

export interface CustomerInput extends PartyFields {
  /** The issuer's customer number. */
  id: string;
  issuerId: string;
  kind: CustomerKind;
  /** card: charged through Stripe (stripeCustomerId required); bank_transfer: pays invoices by transfer. */
  paymentMethod?: CustomerPaymentMethod;
  stripeCustomerId?: string | null;
  stripePaymentMethodId?: string | null;
  /** ad_hoc: an invoice per session; contract: one per contract period. Default ad_hoc. */
  billingMode?: BillingMode;
  contractPeriod?: ContractPeriod;
  /** reverse_charge: B2B across borders, VAT owed by the customer. Default domestic. */
  vatTreatment?: CustomerVatTreatment;
  /** EN 16931 BT-10 (e.g. XRechnung Leitweg-ID). */
  buyerReference?: string | null;
  /** Debtor account in DATEV exports; default: the export's collective debtor account. */
  datevAccount?: string | null;
}

export interface CustomerRecord extends PartyRecordFields {
  id: string;
  issuerId: string;
  kind: CustomerKind;
  paymentMethod: CustomerPaymentMethod;
  stripeCustomerId: string | null;
  stripePaymentMethodId: string | null;
  billingMode: BillingMode;
  contractPeriod: ContractPeriod;
  vatTreatment: CustomerVatTreatment;
  buyerReference: string | null;
  datevAccount: string | null;
  createdAt: string;
  updatedAt: string;
}

type Row = Record<string, unknown>;

function columnsOf(customer: CustomerInput): Row {
  const paymentMethod = oneOf(
    'customer.paymentMethod',
    customer.paymentMethod ?? 'bank_transfer',
    PAYMENT_METHODS,
  );
  if (paymentMethod === 'card' && !customer.stripeCustomerId) {
    throw new InvalidRecordError('customer.stripeCustomerId', 'card payment needs the Stripe customer id');
  }
  if (customer.datevAccount && !/^\d{1,9}$/.test(customer.datevAccount)) {
    throw new InvalidRecordError(
      'customer.datevAccount',
      `expected digits only, got ${JSON.stringify(customer.datevAccount)}`,
    );
  }
  return {
    id: requiredText('customer.id', customer.id),
    issuer_id: requiredText('customer.issuerId', customer.issuerId),
    kind: oneOf('customer.kind', customer.kind, CUSTOMER_KINDS),
    ...partyColumns('customer', customer),
    payment_method: paymentMethod,
    stripe_customer_id: customer.stripeCustomerId ?? null,
    stripe_payment_method_id: customer.stripePaymentMethodId ?? null,
    billing_mode: oneOf('customer.billingMode', customer.billingMode ?? 'ad_hoc', BILLING_MODES),
    contract_period: oneOf('customer.contractPeriod', customer.contractPeriod ?? 'monthly', CONTRACT_PERIODS),
    vat_treatment: oneOf('customer.vatTreatment', customer.vatTreatment ?? 'domestic', VAT_TREATMENTS),
    buyer_reference: customer.buyerReference ?? null,
    datev_account: customer.datevAccount ?? null,
  };
}

function toRecord(row: Row): CustomerRecord {
  return {
    id: row.id as string,
    issuerId: row.issuer_id as string,
    kind: row.kind as CustomerKind,
    ...partyFieldsOf(row),
    paymentMethod: row.payment_method as CustomerPaymentMethod,
    stripeCustomerId: row.stripe_customer_id as string | null,
    stripePaymentMethodId: row.stripe_payment_method_id as string | null,
    billingMode: row.billing_mode as BillingMode,
    contractPeriod: row.contract_period as ContractPeriod,
    vatTreatment: row.vat_treatment as CustomerVatTreatment,
    buyerReference: row.buyer_reference as string | null,
    datevAccount: row.datev_account as string | null,
    createdAt: iso(row.created_at as Date),
    updatedAt: iso(row.updated_at as Date),
  };
}

const FOREIGN_KEY_VIOLATION = '23503';

/** Creates or replaces a customer. Idempotent. */
export async function upsertCustomer(db: Knex, customer: CustomerInput): Promise<CustomerRecord> {
  const columns = columnsOf(customer);
  try {
    const [row] = await db('customers')
      .insert(columns)
      .onConflict('id')
      .merge({ ...columns, updated_at: db.fn.now() })
      .returning('*');
    return toRecord(row);
  } catch (err) {
    if ((err as { code?: string }).code === FOREIGN_KEY_VIOLATION) {
      throw new InvalidRecordError('customer.issuerId', `no issuer ${JSON.stringify(customer.issuerId)}`);
    }
    throw err;
  }
}

export async function getCustomer(db: Knex, id: string): Promise<CustomerRecord | undefined> {
  const row = await db('customers').where({ id }).first();
  return row ? toRecord(row) : undefined;
}

/** The customer, or an error naming the id that does not exist. */
export async function requireCustomer(db: Knex, id: string): Promise<CustomerRecord> {
  const customer = await getCustomer(db, id);
  if (!customer) throw new InvalidRecordError('customerId', `no customer ${JSON.stringify(id)}`);
  return customer;
}

/** Contract customers of an issuer (what a periodic invoice run walks), by id. */
export async function listContractCustomers(db: Knex, issuerId: string): Promise<CustomerRecord[]> {
  const rows = await db('customers').where({ issuer_id: issuerId, billing_mode: 'contract' }).orderBy('id');
  return rows.map(toRecord);
}

/** Points a token at its customer (tokens.customer_id). Idempotent; errors name the unknown token or customer. */
export async function linkTokenToCustomer(db: Knex, tokenUid: string, customerId: string): Promise<void> {
  await requireCustomer(db, customerId);
  const updated = await db('tokens')
    .where({ uid: tokenUid })
    .update({ customer_id: customerId, last_updated: new Date() });
  if (updated === 0) throw new InvalidRecordError('tokenUid', `no token ${JSON.stringify(tokenUid)}`);
}

/** Uids of the customer's tokens. */
export async function customerTokenUids(db: Knex, customerId: string): Promise<string[]> {
  const rows = await db('tokens').where({ customer_id: customerId }).orderBy('uid').select('uid');
  return rows.map((row: { uid: string }) => row.uid);
}
