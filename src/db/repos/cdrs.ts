// Charge Detail Records: the full OCPI CDR (jsonb) with its rating breakdown, plus its totals as
// numeric columns for queries and exports. A CDR, once stored, is never changed; a correction is a
// credit CDR (credit = true, credit_reference_id = the original) followed by a new one, as OCPI says.
import type { Knex } from 'knex';
import type { Cdr, Price } from '../../tariff/types';
import { CDR_MONEY_TOTALS } from '../migrations/001_core';
import { InvalidRecordError, instant, iso, optionalDecimal, requiredText } from '../values';
import { statusAdvance } from './sessions';

export interface StoreCdrInput {
  cdr: Cdr;
  /** Our session; undefined for CDRs without one (e.g. received from a roaming partner). */
  sessionId?: string;
  /** The rating breakdown (exact decimal strings), kept for audit and invoices. */
  breakdown?: unknown;
  tariffId?: string;
  tariffVersion?: number;
}

type MoneyTotal = (typeof CDR_MONEY_TOTALS)[number];

/** Totals as exact decimal strings (null when the CDR has none, e.g. not priced yet). */
export interface CdrTotals {
  cost: { exclVat: string | null; inclVat: string | null };
  fixedCost: { exclVat: string | null; inclVat: string | null };
  energyCost: { exclVat: string | null; inclVat: string | null };
  timeCost: { exclVat: string | null; inclVat: string | null };
  parkingCost: { exclVat: string | null; inclVat: string | null };
  reservationCost: { exclVat: string | null; inclVat: string | null };
  /** kWh */
  energy: string | null;
  /** hours */
  time: string | null;
  /** hours */
  parkingTime: string | null;
}

export interface CdrRecord {
  id: string;
  sessionId: string | null;
  countryCode: string;
  partyId: string;
  currency: string;
  startDateTime: string;
  endDateTime: string;
  totals: CdrTotals;
  tariffId: string | null;
  tariffVersion: number | null;
  cdr: Cdr;
  breakdown: unknown;
  credit: boolean;
  creditReferenceId: string | null;
  createdAt: string;
  lastUpdated: string;
}

type Row = Record<string, unknown>;

function moneyColumns(cdr: Cdr): Row {
  const columns: Row = {};
  for (const total of CDR_MONEY_TOTALS) {
    const price = cdr[total] as Price | undefined;
    columns[`${total}_excl_vat`] = optionalDecimal(`cdr.${total}.excl_vat`, price?.excl_vat);
    columns[`${total}_incl_vat`] = optionalDecimal(`cdr.${total}.incl_vat`, price?.incl_vat);
  }
  return columns;
}

function columnsOf(input: StoreCdrInput): Row {
  const { cdr } = input;
  if (!cdr || typeof cdr !== 'object') throw new InvalidRecordError('cdr', 'expected an OCPI CDR object');
  if (cdr.credit && !cdr.credit_reference_id) {
    throw new InvalidRecordError('cdr.credit_reference_id', 'a credit CDR must reference the CDR it credits');
  }
  if ((input.tariffId === undefined) !== (input.tariffVersion === undefined)) {
    throw new InvalidRecordError('tariffVersion', 'tariffId and tariffVersion go together');
  }
  return {
    id: requiredText('cdr.id', cdr.id),
    session_id: input.sessionId ?? null,
    country_code: requiredText('cdr.country_code', cdr.country_code),
    party_id: requiredText('cdr.party_id', cdr.party_id),
    currency: requiredText('cdr.currency', cdr.currency),
    start_date_time: instant('cdr.start_date_time', cdr.start_date_time),
    end_date_time: instant('cdr.end_date_time', cdr.end_date_time),
    ...moneyColumns(cdr),
    total_energy: optionalDecimal('cdr.total_energy', cdr.total_energy),
    total_time: optionalDecimal('cdr.total_time', cdr.total_time),
    total_parking_time: optionalDecimal('cdr.total_parking_time', cdr.total_parking_time),
    tariff_id: input.tariffId ?? null,
    tariff_version: input.tariffVersion ?? null,
    cdr: JSON.stringify(cdr),
    breakdown: input.breakdown === undefined ? null : JSON.stringify(input.breakdown),
    credit: cdr.credit ?? false,
    credit_reference_id: cdr.credit_reference_id ?? null,
    invoice_reference_id: cdr.invoice_reference_id ?? null,
    last_updated: instant('cdr.last_updated', cdr.last_updated),
  };
}

function money(row: Row, total: MoneyTotal) {
  return {
    exclVat: row[`${total}_excl_vat`] as string | null,
    inclVat: row[`${total}_incl_vat`] as string | null,
  };
}

function toRecord(row: Row): CdrRecord {
  return {
    id: row.id as string,
    sessionId: row.session_id as string | null,
    countryCode: row.country_code as string,
    partyId: row.party_id as string,
    currency: row.currency as string,
    startDateTime: iso(row.start_date_time as Date),
    endDateTime: iso(row.end_date_time as Date),
    totals: {
      cost: money(row, 'total_cost'),
      fixedCost: money(row, 'total_fixed_cost'),
      energyCost: money(row, 'total_energy_cost'),
      timeCost: money(row, 'total_time_cost'),
      parkingCost: money(row, 'total_parking_cost'),
      reservationCost: money(row, 'total_reservation_cost'),
      energy: row.total_energy as string | null,
      time: row.total_time as string | null,
      parkingTime: row.total_parking_time as string | null,
    },
    tariffId: row.tariff_id as string | null,
    tariffVersion: row.tariff_version as number | null,
    cdr: row.cdr as Cdr,
    breakdown: row.breakdown,
    credit: row.credit as boolean,
    creditReferenceId: row.credit_reference_id as string | null,
    createdAt: iso(row.created_at as Date),
    lastUpdated: iso(row.last_updated as Date),
  };
}

export async function getCdr(db: Knex, id: string): Promise<CdrRecord | undefined> {
  const row = await db('cdrs').where({ id }).first();
  return row ? toRecord(row) : undefined;
}

/** The (non-credit) CDR of a session. */
export async function getCdrForSession(db: Knex, sessionId: string): Promise<CdrRecord | undefined> {
  const row = await db('cdrs').where({ session_id: sessionId, credit: false }).first();
  return row ? toRecord(row) : undefined;
}

/**
 * Stores a CDR unless its session already has one (or its id is taken): then nothing is written and the
 * stored CDR is returned with `inserted: false`. Idempotent per session and per CDR id.
 */
export async function storeCdr(
  db: Knex,
  input: StoreCdrInput,
  options: { rateSession?: boolean } = {},
): Promise<{ record: CdrRecord; inserted: boolean }> {
  const columns = columnsOf(input);
  const insert = db('cdrs').insert(columns).onConflict().ignore().returning('*');
  // With rateSession, the session moves on to rated in the same statement: the CDR and the status
  // are stored together or not at all.
  const statement =
    options.rateSession && input.sessionId
      ? db
          .with('stored', insert)
          .with('rated', statusAdvance(db, input.sessionId, 'rated'))
          .select('*')
          .from('stored')
      : insert;
  const [row] = (await statement) as Row[];
  if (row) return { record: toRecord(row), inserted: true };
  const existing =
    (!columns.credit && input.sessionId ? await getCdrForSession(db, input.sessionId) : undefined) ??
    (await getCdr(db, columns.id as string));
  if (!existing) throw new Error(`storeCdr(${columns.id as string}): conflict but no stored CDR found`);
  return { record: existing, inserted: false };
}

export interface CdrFilter {
  /** last_updated ≥ from (OCPI date_from, inclusive). */
  from?: string;
  /** last_updated < to (OCPI date_to, exclusive). */
  to?: string;
  countryCode?: string;
  partyId?: string;
  /** Default 100. */
  limit?: number;
  offset?: number;
}

function matching(db: Knex, filter: CdrFilter): Knex.QueryBuilder {
  const query = db('cdrs');
  if (filter.from) query.where('last_updated', '>=', instant('from', filter.from));
  if (filter.to) query.where('last_updated', '<', instant('to', filter.to));
  if (filter.countryCode) query.where({ country_code: filter.countryCode });
  if (filter.partyId) query.where({ party_id: filter.partyId });
  return query;
}

/** CDRs by last_updated (the OCPI GET /cdrs filter), oldest first, id as tie-break for stable paging. */
export async function listCdrs(db: Knex, filter: CdrFilter = {}): Promise<CdrRecord[]> {
  const rows = await matching(db, filter)
    .orderBy([{ column: 'last_updated' }, { column: 'id' }])
    .limit(filter.limit ?? 100)
    .offset(filter.offset ?? 0);
  return rows.map(toRecord);
}

/** How many CDRs match (for paging headers such as OCPI X-Total-Count). */
export async function countCdrs(db: Knex, filter: Omit<CdrFilter, 'limit' | 'offset'> = {}): Promise<number> {
  const [{ count }] = await matching(db, filter).count({ count: '*' });
  return Number(count);
}
