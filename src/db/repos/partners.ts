// Roaming partners: one row per OCPI connection (a platform), the parties (roles) it speaks for, its
// endpoints and the credentials tokens of the OCPI credentials module, plus the commercial agreement
// for each direction (we as CPO towards them, we as eMSP towards them).
//
// Tokens: the token a partner presents to us is verified only, so its sha256 is stored; the token we
// present to them is stored as given (we must send it). A "pending" token is one we have offered in
// a credentials PUT still in flight: it is accepted beside the current one until the PUT lands.
import { randomBytes, randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { sha256Hex } from '../canonicalJson';
import {
  AGREEMENT_ROLES,
  OCPI_ROLES,
  PARTNER_STATUSES,
  SETTLEMENT_PERIODS,
  TOKEN_KINDS,
} from '../migrations/003_roaming';
import { InvalidRecordError, iso, isoOrNull, oneOf, requiredText } from '../values';

export type PartnerStatus = (typeof PARTNER_STATUSES)[number];
export type CredentialsTokenKind = (typeof TOKEN_KINDS)[number];
export type OcpiRole = (typeof OCPI_ROLES)[number];
export type AgreementRole = (typeof AGREEMENT_ROLES)[number];
export type SettlementPeriod = (typeof SETTLEMENT_PERIODS)[number];

/** One party a partner platform speaks for (OCPI CredentialsRole). */
export interface PartnerRole {
  role: OcpiRole;
  countryCode: string;
  partyId: string;
  businessName: string;
  /** The OCPI BusinessDetails object as received (name, website, logo). */
  businessDetails?: Record<string, unknown>;
}

/** OCPI Endpoint of the partner's version details. */
export interface PartnerEndpoint {
  identifier: string;
  role: 'SENDER' | 'RECEIVER';
  url: string;
}

export interface PartnerRecord {
  id: string;
  name: string;
  status: PartnerStatus;
  versionsUrl: string | null;
  version: string | null;
  endpoints: PartnerEndpoint[];
  /** Which token they present to us now (A before registration). */
  incomingTokenKind: CredentialsTokenKind | null;
  /** The token we present to them. */
  outgoingToken: string | null;
  roles: PartnerRole[];
  registeredAt: string | null;
  unregisteredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

type Row = Record<string, unknown>;

/** How a presented credentials token is looked up: never stored, only compared by hash. */
export function credentialsTokenHash(token: string): string {
  return sha256Hex(token);
}

/** OCPI CiString identifiers are case-insensitive; we keep them upper case. */
function partyCode(field: string, value: unknown, pattern: RegExp): string {
  const text = requiredText(field, value).toUpperCase();
  if (!pattern.test(text))
    throw new InvalidRecordError(field, `expected ${pattern.source}, got ${JSON.stringify(value)}`);
  return text;
}

export const countryCodeOf = (field: string, value: unknown) => partyCode(field, value, /^[A-Z]{2}$/);
export const partyIdOf = (field: string, value: unknown) => partyCode(field, value, /^[A-Z0-9]{3}$/);

export interface PartyCode {
  countryCode: string;
  partyId: string;
}

/** OCPI party codes (CiString) compare case-insensitively. */
export function isSameParty(a: PartyCode, b: PartyCode): boolean {
  return (
    a.countryCode.toUpperCase() === b.countryCode.toUpperCase() &&
    a.partyId.toUpperCase() === b.partyId.toUpperCase()
  );
}

/** Whether the partner speaks for `party` in `role`. */
export function partnerHasRole(
  partner: Pick<PartnerRecord, 'roles'>,
  role: OcpiRole,
  party: PartyCode,
): boolean {
  return partner.roles.some((r) => r.role === role && isSameParty(r, party));
}

function toRole(row: Row): PartnerRole {
  return {
    role: row.role as OcpiRole,
    countryCode: row.country_code as string,
    partyId: row.party_id as string,
    businessName: row.business_name as string,
    businessDetails: row.business_details as Record<string, unknown>,
  };
}

function toRecord(row: Row, roles: PartnerRole[]): PartnerRecord {
  return {
    id: row.id as string,
    name: row.name as string,
    status: row.status as PartnerStatus,
    versionsUrl: row.versions_url as string | null,
    version: row.version as string | null,
    endpoints: row.endpoints as PartnerEndpoint[],
    incomingTokenKind: row.incoming_token_kind as CredentialsTokenKind | null,
    outgoingToken: row.outgoing_token as string | null,
    roles,
    registeredAt: isoOrNull(row.registered_at as Date | null),
    unregisteredAt: isoOrNull(row.unregistered_at as Date | null),
    createdAt: iso(row.created_at as Date),
    updatedAt: iso(row.updated_at as Date),
  };
}

async function withRoles(db: Knex, row: Row | undefined): Promise<PartnerRecord | undefined> {
  if (!row) return undefined;
  const roles = await db('roaming_partner_roles')
    .where({ partner_id: row.id })
    .orderBy(['role', 'country_code', 'party_id']);
  return toRecord(row, roles.map(toRole));
}

export async function getPartner(db: Knex, id: string): Promise<PartnerRecord | undefined> {
  return withRoles(db, await db('roaming_partners').where({ id }).first());
}

export async function listPartners(db: Knex): Promise<PartnerRecord[]> {
  const rows: Row[] = await db('roaming_partners').orderBy('created_at');
  return Promise.all(rows.map(async (row) => (await withRoles(db, row))!));
}

/**
 * The partner presenting `token`, and whether it matched the current token or a pending one.
 * Undefined for unknown tokens and for unregistered partners.
 */
export async function findPartnerByToken(
  db: Knex,
  token: string,
): Promise<{ partner: PartnerRecord; matched: 'current' | 'pending' } | undefined> {
  const hash = credentialsTokenHash(token);
  const row = await db('roaming_partners')
    .where({ incoming_token_hash: hash })
    .orWhere({ pending_token_hash: hash })
    .first();
  if (!row || row.status === 'unregistered') return undefined;
  const partner = (await withRoles(db, row))!;
  return { partner, matched: row.incoming_token_hash === hash ? 'current' : 'pending' };
}

/** The partner speaking for party (country_code, party_id), optionally in a given role. */
export async function findPartnerByParty(
  db: Knex,
  countryCode: string,
  partyId: string,
  role?: OcpiRole,
): Promise<PartnerRecord | undefined> {
  const query = db('roaming_partner_roles').where({
    country_code: countryCode.toUpperCase(),
    party_id: partyId.toUpperCase(),
  });
  if (role) query.andWhere({ role });
  const found = await query.first();
  return found ? getPartner(db, found.partner_id as string) : undefined;
}

/**
 * A new random credentials token: 43 base64url characters (256 bits), printable ASCII as OCPI asks.
 * Never with a leading "-": the partner pastes it into a command line (`chargeledger roaming register`),
 * where it would read as an option (1 token in 64 did).
 */
export function newCredentialsToken(): string {
  for (;;) {
    const token = randomBytes(32).toString('base64url');
    if (!token.startsWith('-')) return token;
  }
}

/**
 * Creates a partner (or re-invites an existing one) with a fresh CREDENTIALS_TOKEN_A, returned once:
 * hand it with our versions URL to the partner, who then registers. Their old tokens stop working.
 */
export async function invitePartner(
  db: Knex,
  input: { name: string; id?: string },
): Promise<{ partner: PartnerRecord; tokenA: string }> {
  const name = requiredText('name', input.name);
  const id = input.id ?? randomUUID();
  const tokenA = newCredentialsToken();
  const columns = {
    name,
    status: 'invited',
    incoming_token_hash: credentialsTokenHash(tokenA),
    incoming_token_kind: 'A',
    pending_token_hash: null,
    outgoing_token: null,
    updated_at: db.fn.now(),
  };
  await db('roaming_partners')
    .insert({ id, ...columns })
    .onConflict('id')
    .merge(columns);
  return { partner: (await getPartner(db, id))!, tokenA };
}

/** What a credentials step changes; tokens given in plain text are hashed here where they are verified. */
export interface PartnerConnectionChange {
  name?: string;
  status?: PartnerStatus;
  versionsUrl?: string | null;
  version?: string | null;
  endpoints?: PartnerEndpoint[];
  /** The token they will present to us from now on (stored hashed); null forgets it. */
  incomingToken?: { token: string; kind: CredentialsTokenKind } | null;
  /** A token we offered but that is not confirmed yet (stored hashed); null forgets it. */
  pendingToken?: string | null;
  /** The token we present to them; null forgets it. */
  outgoingToken?: string | null;
  /** Replaces the parties the partner speaks for. */
  roles?: PartnerRole[];
}

function roleRows(partnerId: string, roles: PartnerRole[]): Row[] {
  return roles.map((role, i) => ({
    partner_id: partnerId,
    role: oneOf(`roles[${i}].role`, role.role, OCPI_ROLES),
    country_code: countryCodeOf(`roles[${i}].country_code`, role.countryCode),
    party_id: partyIdOf(`roles[${i}].party_id`, role.partyId),
    business_name: requiredText(`roles[${i}].business_details.name`, role.businessName),
    business_details: JSON.stringify(role.businessDetails ?? { name: role.businessName }),
  }));
}

function changedColumns(db: Knex, change: PartnerConnectionChange): Row {
  const columns: Row = { updated_at: db.fn.now() };
  if (change.name !== undefined) columns.name = requiredText('name', change.name);
  if (change.status !== undefined) {
    columns.status = oneOf('status', change.status, PARTNER_STATUSES);
    if (change.status === 'registered') columns.registered_at = db.fn.now();
    if (change.status === 'unregistered') columns.unregistered_at = db.fn.now();
  }
  if (change.versionsUrl !== undefined) columns.versions_url = change.versionsUrl;
  if (change.version !== undefined) columns.version = change.version;
  if (change.endpoints !== undefined) columns.endpoints = JSON.stringify(change.endpoints);
  if (change.incomingToken !== undefined) {
    columns.incoming_token_hash = change.incomingToken
      ? credentialsTokenHash(change.incomingToken.token)
      : null;
    columns.incoming_token_kind = change.incomingToken
      ? oneOf('incomingToken.kind', change.incomingToken.kind, TOKEN_KINDS)
      : null;
  }
  if (change.pendingToken !== undefined) {
    columns.pending_token_hash = change.pendingToken ? credentialsTokenHash(change.pendingToken) : null;
  }
  if (change.outgoingToken !== undefined) columns.outgoing_token = change.outgoingToken;
  return columns;
}

/**
 * Applies one step of the credentials handshake atomically. A role already held by another partner
 * is refused (a party is reachable through one connection only).
 */
export async function updatePartnerConnection(
  db: Knex,
  id: string,
  change: PartnerConnectionChange,
): Promise<PartnerRecord> {
  await db.transaction(async (trx) => {
    const updated = await trx('roaming_partners').where({ id }).update(changedColumns(trx, change));
    if (updated === 0) throw new InvalidRecordError('partnerId', `no roaming partner ${JSON.stringify(id)}`);
    if (change.roles) {
      const rows = roleRows(id, change.roles);
      for (const [i, row] of rows.entries()) {
        const holder = await trx('roaming_partner_roles')
          .where({ role: row.role, country_code: row.country_code, party_id: row.party_id })
          .whereNot({ partner_id: id })
          .first();
        if (holder) {
          throw new InvalidRecordError(
            `roles[${i}]`,
            `${String(row.role)} ${String(row.country_code)}-${String(row.party_id)} is already registered by another partner`,
          );
        }
      }
      await trx('roaming_partner_roles').where({ partner_id: id }).delete();
      if (rows.length) await trx('roaming_partner_roles').insert(rows);
    }
  });
  return (await getPartner(db, id))!;
}

/** Creates a partner row with no token yet (we are about to register with them). */
export async function createPartner(db: Knex, input: { name: string; id?: string }): Promise<PartnerRecord> {
  const id = input.id ?? randomUUID();
  await db('roaming_partners')
    .insert({ id, name: requiredText('name', input.name), status: 'registering' })
    .onConflict('id')
    .ignore();
  return (await getPartner(db, id))!;
}

// ---- Agreements ----

export interface AgreementInput {
  partnerId: string;
  /** CPO: the partner's drivers charge at our chargers (we send CDRs); EMSP: ours charge at theirs. */
  ourRole: AgreementRole;
  /** The wholesale tariff the CPO side rates with (our tariff id when ourRole is CPO). */
  wholesaleTariffId?: string | null;
  currency: string;
  settlementPeriod: SettlementPeriod;
  paymentTermsDays: number;
  /** The eMSP issues the invoice on the CPO's behalf. */
  selfBilling?: boolean;
}

export interface AgreementRecord extends Required<AgreementInput> {
  wholesaleTariffId: string | null;
  createdAt: string;
  updatedAt: string;
}

function toAgreement(row: Row): AgreementRecord {
  return {
    partnerId: row.partner_id as string,
    ourRole: row.our_role as AgreementRole,
    wholesaleTariffId: row.wholesale_tariff_id as string | null,
    currency: row.currency as string,
    settlementPeriod: row.settlement_period as SettlementPeriod,
    paymentTermsDays: row.payment_terms_days as number,
    selfBilling: row.self_billing as boolean,
    createdAt: iso(row.created_at as Date),
    updatedAt: iso(row.updated_at as Date),
  };
}

/** Creates or replaces the agreement for one direction with a partner. Idempotent. */
export async function putAgreement(db: Knex, input: AgreementInput): Promise<AgreementRecord> {
  if (!/^[A-Z]{3}$/.test(String(input.currency))) {
    throw new InvalidRecordError(
      'currency',
      `expected an ISO 4217 code, got ${JSON.stringify(input.currency)}`,
    );
  }
  if (!Number.isInteger(input.paymentTermsDays) || input.paymentTermsDays < 0) {
    throw new InvalidRecordError(
      'paymentTermsDays',
      `expected a whole number ≥ 0, got ${input.paymentTermsDays}`,
    );
  }
  const columns = {
    partner_id: requiredText('partnerId', input.partnerId),
    our_role: oneOf('ourRole', input.ourRole, AGREEMENT_ROLES),
    wholesale_tariff_id: input.wholesaleTariffId ?? null,
    currency: input.currency,
    settlement_period: oneOf('settlementPeriod', input.settlementPeriod, SETTLEMENT_PERIODS),
    payment_terms_days: input.paymentTermsDays,
    self_billing: input.selfBilling ?? false,
  };
  const [row] = await db('roaming_agreements')
    .insert(columns)
    .onConflict(['partner_id', 'our_role'])
    .merge({ ...columns, updated_at: db.fn.now() })
    .returning('*');
  return toAgreement(row);
}

export async function getAgreement(
  db: Knex,
  partnerId: string,
  ourRole: AgreementRole,
): Promise<AgreementRecord | undefined> {
  const row = await db('roaming_agreements').where({ partner_id: partnerId, our_role: ourRole }).first();
  return row ? toAgreement(row) : undefined;
}

export async function listAgreements(
  db: Knex,
  filter: { partnerId?: string } = {},
): Promise<AgreementRecord[]> {
  const query = db('roaming_agreements').orderBy(['partner_id', 'our_role']);
  if (filter.partnerId) query.where({ partner_id: filter.partnerId });
  return (await query).map(toAgreement);
}
