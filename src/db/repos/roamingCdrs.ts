// CDRs crossing a roaming connection, both ways:
// - sent: our own CDRs (table `cdrs`) that belong to a partner eMSP's drivers, and the state of their
//   delivery to that partner (one row per CDR and partner, updated by every push attempt);
// - received: CDRs a partner CPO posted to us, stored once per (country_code, party_id, id) with our
//   retail re-rating beside them, in state `received` until invoicing takes them.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import type { Cdr } from '../../tariff/types';
import { contentHash } from '../canonicalJson';
import { RETAIL_STATUSES } from '../migrations/003_roaming';
import { parseInstant } from '../../tariff/time/instant';
import {
  InvalidRecordError,
  decimalString,
  instant,
  iso,
  isoOrNull,
  optionalDecimal,
  requiredText,
} from '../values';

type Row = Record<string, unknown>;

export interface PartyRef {
  countryCode: string;
  partyId: string;
}

// ---- Sent: our CDRs for a partner's drivers ----

export interface OwnCdrFilter {
  /** Our CPO parties (the CDR's owner). */
  owners: PartyRef[];
  /** The partner's eMSP parties (the CDR token's issuer). */
  tokenIssuers: PartyRef[];
  /** last_updated ≥ from (OCPI date_from). */
  from?: string;
  /** last_updated < to (OCPI date_to). */
  to?: string;
}

/** `(a, b) in ((?, ?), …)` over upper-cased columns: OCPI party codes are case-insensitive. */
function partyIn(query: Knex.QueryBuilder, columns: [string, string], parties: PartyRef[]): void {
  if (parties.length === 0) {
    query.whereRaw('false');
    return;
  }
  const tuples = parties.map(() => '(?, ?)').join(', ');
  query.whereRaw(
    `(upper(${columns[0]}), upper(${columns[1]})) in (${tuples})`,
    parties.flatMap((p) => [p.countryCode.toUpperCase(), p.partyId.toUpperCase()]),
  );
}

function ownCdrs(db: Knex, filter: OwnCdrFilter): Knex.QueryBuilder {
  const query = db('cdrs');
  partyIn(query, ['country_code', 'party_id'], filter.owners);
  partyIn(query, ["cdr->'cdr_token'->>'country_code'", "cdr->'cdr_token'->>'party_id'"], filter.tokenIssuers);
  if (filter.from) query.where('last_updated', '>=', instant('from', filter.from));
  if (filter.to) query.where('last_updated', '<', instant('to', filter.to));
  return query;
}

/** Our CDRs of a partner's drivers, oldest first (id breaks ties, so pages are stable). */
export async function listOwnCdrsFor(
  db: Knex,
  filter: OwnCdrFilter & { limit?: number; offset?: number },
): Promise<Cdr[]> {
  const rows: Row[] = await ownCdrs(db, filter)
    .select('cdr')
    .orderBy([{ column: 'last_updated' }, { column: 'id' }])
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0);
  return rows.map((row) => row.cdr as Cdr);
}

export async function countOwnCdrsFor(db: Knex, filter: OwnCdrFilter): Promise<number> {
  const [{ count }] = await ownCdrs(db, filter).count({ count: '*' });
  return Number(count);
}

// ---- Sent: delivery state per CDR and partner ----

export type DeliveryOutcome = 'accepted' | 'rejected' | 'retryable';

export interface DeliveryAttempt {
  cdrId: string;
  partnerId: string;
  outcome: DeliveryOutcome;
  httpStatus?: number;
  ocpiStatus?: number;
  message?: string;
  /** Location header of an accepted POST. */
  location?: string;
}

export interface DeliveryRecord {
  cdrId: string;
  partnerId: string;
  status: 'pending' | 'accepted' | 'rejected';
  attempts: number;
  lastHttpStatus: number | null;
  lastOcpiStatus: number | null;
  lastMessage: string | null;
  location: string | null;
  lastAttemptAt: string | null;
  acceptedAt: string | null;
}

function toDelivery(row: Row): DeliveryRecord {
  return {
    cdrId: row.cdr_id as string,
    partnerId: row.partner_id as string,
    status: row.status as DeliveryRecord['status'],
    attempts: row.attempts as number,
    lastHttpStatus: row.last_http_status as number | null,
    lastOcpiStatus: row.last_ocpi_status as number | null,
    lastMessage: row.last_message as string | null,
    location: row.location as string | null,
    lastAttemptAt: isoOrNull(row.last_attempt_at as Date | null),
    acceptedAt: isoOrNull(row.accepted_at as Date | null),
  };
}

export async function getDelivery(
  db: Knex,
  cdrId: string,
  partnerId: string,
): Promise<DeliveryRecord | undefined> {
  const row = await db('roaming_cdr_deliveries').where({ cdr_id: cdrId, partner_id: partnerId }).first();
  return row ? toDelivery(row) : undefined;
}

const STATUS_OF: Record<DeliveryOutcome, DeliveryRecord['status']> = {
  accepted: 'accepted',
  rejected: 'rejected',
  retryable: 'pending',
};

/** Records one push attempt. An accepted delivery stays accepted whatever a later attempt says. */
export async function recordDeliveryAttempt(db: Knex, attempt: DeliveryAttempt): Promise<DeliveryRecord> {
  const status = STATUS_OF[attempt.outcome];
  const columns = {
    cdr_id: requiredText('cdrId', attempt.cdrId),
    partner_id: requiredText('partnerId', attempt.partnerId),
    status,
    attempts: 1,
    last_http_status: attempt.httpStatus ?? null,
    last_ocpi_status: attempt.ocpiStatus ?? null,
    last_message: attempt.message ?? null,
    location: attempt.location ?? null,
    last_attempt_at: db.fn.now(),
    accepted_at: status === 'accepted' ? db.fn.now() : null,
  };
  const [row] = await db('roaming_cdr_deliveries')
    .insert(columns)
    .onConflict(['cdr_id', 'partner_id'])
    .merge({
      status: db.raw(
        `case when roaming_cdr_deliveries.status = 'accepted' then 'accepted' else excluded.status end`,
      ),
      attempts: db.raw('roaming_cdr_deliveries.attempts + 1'),
      last_http_status: db.raw('excluded.last_http_status'),
      last_ocpi_status: db.raw('excluded.last_ocpi_status'),
      last_message: db.raw('excluded.last_message'),
      location: db.raw('coalesce(excluded.location, roaming_cdr_deliveries.location)'),
      last_attempt_at: db.raw('excluded.last_attempt_at'),
      accepted_at: db.raw('coalesce(roaming_cdr_deliveries.accepted_at, excluded.accepted_at)'),
    })
    .returning('*');
  return toDelivery(row);
}

export async function listDeliveries(
  db: Knex,
  filter: { partnerId?: string; status?: DeliveryRecord['status'] } = {},
): Promise<DeliveryRecord[]> {
  const query = db('roaming_cdr_deliveries').orderBy(['created_at', 'cdr_id']);
  if (filter.partnerId) query.where({ partner_id: filter.partnerId });
  if (filter.status) query.where({ status: filter.status });
  return (await query).map(toDelivery);
}

// ---- Received: partner CDRs with our retail re-rating ----

export type RetailStatus = (typeof RETAIL_STATUSES)[number];

/** Our retail price of a received CDR for the driver, or why there is none. */
export interface RetailRating {
  status: RetailStatus;
  message?: string;
  tariffId?: string;
  tariffVersion?: number;
  /** Exact decimal strings. */
  totalExclVat?: string;
  totalInclVat?: string;
  breakdown?: unknown;
}

export interface ReceivedCdrInput {
  partnerId: string;
  /** A validated OCPI CDR (see src/ocpi cdr validation). */
  cdr: Cdr;
  retail: RetailRating;
}

export interface ReceivedCdrRecord {
  recordId: string;
  partnerId: string;
  countryCode: string;
  partyId: string;
  cdrId: string;
  cdr: Cdr;
  contentHash: string;
  currency: string;
  startDateTime: string;
  endDateTime: string;
  lastUpdated: string;
  totalCostExclVat: string;
  totalCostInclVat: string | null;
  /** kWh */
  totalEnergy: string;
  /** hours */
  totalTime: string;
  credit: boolean;
  creditReferenceId: string | null;
  tokenUid: string;
  contractId: string;
  retail: RetailRating;
  state: 'received' | 'invoiced';
  invoiceReference: string | null;
  receivedAt: string;
}

function toReceived(row: Row): ReceivedCdrRecord {
  const optional = <T>(value: unknown): T | undefined => (value === null ? undefined : (value as T));
  return {
    recordId: row.record_id as string,
    partnerId: row.partner_id as string,
    countryCode: row.country_code as string,
    partyId: row.party_id as string,
    cdrId: row.cdr_id as string,
    cdr: row.cdr as Cdr,
    contentHash: row.content_hash as string,
    currency: row.currency as string,
    startDateTime: iso(row.start_date_time as Date),
    endDateTime: iso(row.end_date_time as Date),
    lastUpdated: iso(row.last_updated as Date),
    totalCostExclVat: row.total_cost_excl_vat as string,
    totalCostInclVat: row.total_cost_incl_vat as string | null,
    totalEnergy: row.total_energy as string,
    totalTime: row.total_time as string,
    credit: row.credit as boolean,
    creditReferenceId: row.credit_reference_id as string | null,
    tokenUid: row.token_uid as string,
    contractId: row.contract_id as string,
    retail: {
      status: row.retail_status as RetailStatus,
      message: optional(row.retail_message),
      tariffId: optional(row.retail_tariff_id),
      tariffVersion: optional(row.retail_tariff_version),
      totalExclVat: optional(row.retail_total_excl_vat),
      totalInclVat: optional(row.retail_total_incl_vat),
      breakdown: optional(row.retail_breakdown),
    },
    state: row.state as ReceivedCdrRecord['state'],
    invoiceReference: row.invoice_reference as string | null,
    receivedAt: iso(row.received_at as Date),
  };
}

/** What identifies a CDR: OCPI ids are unique per CPO (country_code, party_id). */
export function receivedCdrHash(cdr: Cdr): string {
  return contentHash(cdr);
}

/** OCPI DateTime: RFC 3339, and without a zone designator it is UTC (OCPI types, DateTime). */
function ocpiDateTime(field: string, text: string): Date {
  const ms = parseInstant(text);
  if (ms === undefined)
    throw new InvalidRecordError(field, `expected an OCPI DateTime, got ${JSON.stringify(text)}`);
  return new Date(ms);
}

function receivedColumns(input: ReceivedCdrInput): Row {
  const { cdr, retail } = input;
  return {
    partner_id: requiredText('partnerId', input.partnerId),
    country_code: requiredText('cdr.country_code', cdr.country_code).toUpperCase(),
    party_id: requiredText('cdr.party_id', cdr.party_id).toUpperCase(),
    cdr_id: requiredText('cdr.id', cdr.id),
    cdr: JSON.stringify(cdr),
    content_hash: receivedCdrHash(cdr),
    currency: requiredText('cdr.currency', cdr.currency).toUpperCase(),
    start_date_time: ocpiDateTime('cdr.start_date_time', cdr.start_date_time),
    end_date_time: ocpiDateTime('cdr.end_date_time', cdr.end_date_time),
    last_updated: ocpiDateTime('cdr.last_updated', cdr.last_updated),
    total_cost_excl_vat: decimalString('cdr.total_cost.excl_vat', cdr.total_cost!.excl_vat),
    total_cost_incl_vat: optionalDecimal('cdr.total_cost.incl_vat', cdr.total_cost!.incl_vat),
    total_energy: decimalString('cdr.total_energy', cdr.total_energy!),
    total_time: decimalString('cdr.total_time', cdr.total_time!),
    credit: cdr.credit ?? false,
    credit_reference_id: cdr.credit_reference_id ?? null,
    token_uid: requiredText('cdr.cdr_token.uid', cdr.cdr_token?.uid),
    contract_id: requiredText('cdr.cdr_token.contract_id', cdr.cdr_token?.contract_id),
    retail_status: retail.status,
    retail_message: retail.message ?? null,
    retail_tariff_id: retail.tariffId ?? null,
    retail_tariff_version: retail.tariffVersion ?? null,
    retail_total_excl_vat: retail.totalExclVat ?? null,
    retail_total_incl_vat: retail.totalInclVat ?? null,
    retail_breakdown: retail.breakdown === undefined ? null : JSON.stringify(retail.breakdown),
  };
}

export type StoreReceivedResult =
  | { outcome: 'inserted'; record: ReceivedCdrRecord }
  /** The same CDR again: nothing written. */
  | { outcome: 'duplicate'; record: ReceivedCdrRecord }
  /** Another CDR under an id already received: CDRs cannot change (OCPI: send a credit CDR). */
  | { outcome: 'conflict'; record: ReceivedCdrRecord };

/** Stores a received CDR once per (country_code, party_id, id). Safe under concurrent posts. */
export async function storeReceivedCdr(db: Knex, input: ReceivedCdrInput): Promise<StoreReceivedResult> {
  const columns = receivedColumns(input);
  const [row] = await db('roaming_cdrs')
    .insert({ record_id: randomUUID(), ...columns })
    .onConflict(['country_code', 'party_id', 'cdr_id'])
    .ignore()
    .returning('*');
  if (row) return { outcome: 'inserted', record: toReceived(row) };
  const existing = await findReceivedCdr(db, {
    countryCode: columns.country_code as string,
    partyId: columns.party_id as string,
    cdrId: columns.cdr_id as string,
  });
  if (!existing)
    throw new Error(`storeReceivedCdr(${String(columns.cdr_id)}): conflict but no stored CDR found`);
  return {
    outcome: existing.contentHash === columns.content_hash ? 'duplicate' : 'conflict',
    record: existing,
  };
}

export async function getReceivedCdr(db: Knex, recordId: string): Promise<ReceivedCdrRecord | undefined> {
  const row = await db('roaming_cdrs').where({ record_id: recordId }).first();
  return row ? toReceived(row) : undefined;
}

export async function findReceivedCdr(
  db: Knex,
  key: { countryCode: string; partyId: string; cdrId: string },
): Promise<ReceivedCdrRecord | undefined> {
  const row = await db('roaming_cdrs')
    .where({
      country_code: key.countryCode.toUpperCase(),
      party_id: key.partyId.toUpperCase(),
      cdr_id: key.cdrId,
    })
    .first();
  return row ? toReceived(row) : undefined;
}

export interface ReceivedCdrFilter {
  partnerId?: string;
  state?: ReceivedCdrRecord['state'];
  /** last_updated ≥ from. */
  from?: string;
  /** last_updated < to. */
  to?: string;
  limit?: number;
  offset?: number;
}

/** Received CDRs by last_updated, oldest first; `state: 'received'` is the invoicing queue. */
export async function listReceivedCdrs(
  db: Knex,
  filter: ReceivedCdrFilter = {},
): Promise<ReceivedCdrRecord[]> {
  const query = db('roaming_cdrs').orderBy([{ column: 'last_updated' }, { column: 'record_id' }]);
  if (filter.partnerId) query.where({ partner_id: filter.partnerId });
  if (filter.state) query.where({ state: filter.state });
  if (filter.from) query.where('last_updated', '>=', instant('from', filter.from));
  if (filter.to) query.where('last_updated', '<', instant('to', filter.to));
  const rows: Row[] = await query.limit(filter.limit ?? 1000).offset(filter.offset ?? 0);
  return rows.map(toReceived);
}

/**
 * Marks a received CDR as taken by invoicing. Idempotent: the same reference again is a no-op; a
 * different reference on an already invoiced CDR is refused (returns the record unchanged, `marked: false`).
 */
export async function markReceivedCdrInvoiced(
  db: Knex,
  recordId: string,
  invoiceReference: string,
): Promise<{ record: ReceivedCdrRecord; marked: boolean } | undefined> {
  const reference = requiredText('invoiceReference', invoiceReference);
  const [row] = await db('roaming_cdrs')
    .where({ record_id: recordId, state: 'received' })
    .update({ state: 'invoiced', invoice_reference: reference, updated_at: db.fn.now() })
    .returning('*');
  if (row) return { record: toReceived(row), marked: true };
  const existing = await getReceivedCdr(db, recordId);
  if (!existing) return undefined;
  return { record: existing, marked: existing.invoiceReference === reference };
}
