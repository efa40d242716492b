// Settlement records: disputes on individual CDRs (open until a credit CDR resolves them) and the
// settlement statements issued per partner and period. Statements are evidence: rows are never
// changed (a trigger rejects UPDATE); a recomputed statement that differs is stored as version n+1.
import type { Knex } from 'knex';
import { contentHash } from '../canonicalJson';
import { CDR_DIRECTIONS, DISPUTE_STATUSES } from '../migrations/003_roaming';
import { decimalString, instant, iso, isoOrNull, oneOf, requiredText } from '../values';

export type CdrDirection = (typeof CDR_DIRECTIONS)[number];
export type DisputeStatus = (typeof DISPUTE_STATUSES)[number];

type Row = Record<string, unknown>;

// ---- Disputes ----

/** A CDR we question: `sent` = one of ours the partner questions, `received` = one of theirs we question. */
export interface DisputeInput {
  partnerId: string;
  direction: CdrDirection;
  countryCode: string;
  partyId: string;
  cdrId: string;
  reason: string;
}

export interface DisputeRecord extends DisputeInput {
  id: string;
  status: DisputeStatus;
  creditCdrId: string | null;
  openedAt: string;
  closedAt: string | null;
}

function toDispute(row: Row): DisputeRecord {
  return {
    id: String(row.id),
    partnerId: row.partner_id as string,
    direction: row.direction as CdrDirection,
    countryCode: row.country_code as string,
    partyId: row.party_id as string,
    cdrId: row.cdr_id as string,
    reason: row.reason as string,
    status: row.status as DisputeStatus,
    creditCdrId: row.credit_cdr_id as string | null,
    openedAt: iso(row.opened_at as Date),
    closedAt: isoOrNull(row.closed_at as Date | null),
  };
}

function cdrKey(input: Pick<DisputeInput, 'direction' | 'countryCode' | 'partyId' | 'cdrId'>): Row {
  return {
    direction: oneOf('direction', input.direction, CDR_DIRECTIONS),
    country_code: requiredText('countryCode', input.countryCode).toUpperCase(),
    party_id: requiredText('partyId', input.partyId).toUpperCase(),
    cdr_id: requiredText('cdrId', input.cdrId),
  };
}

/** Opens a dispute on a CDR; when one is already open, returns it (`opened: false`). */
export async function openDispute(
  db: Knex,
  input: DisputeInput,
): Promise<{ dispute: DisputeRecord; opened: boolean }> {
  const key = cdrKey(input);
  const [row] = await db('roaming_disputes')
    .insert({
      ...key,
      partner_id: requiredText('partnerId', input.partnerId),
      reason: requiredText('reason', input.reason),
    })
    .onConflict(db.raw(`(direction, country_code, party_id, cdr_id) where status = 'open'`))
    .ignore()
    .returning('*');
  if (row) return { dispute: toDispute(row), opened: true };
  const open = await db('roaming_disputes')
    .where({ ...key, status: 'open' })
    .first();
  return { dispute: toDispute(open), opened: false };
}

/**
 * Closes the open dispute on `cdrId` (if any) as resolved by the credit CDR `creditCdrId`.
 * Returns the resolved dispute, or undefined when none was open.
 */
export async function resolveDisputeByCredit(
  db: Knex,
  input: Pick<DisputeInput, 'direction' | 'countryCode' | 'partyId' | 'cdrId'> & { creditCdrId: string },
): Promise<DisputeRecord | undefined> {
  const [row] = await db('roaming_disputes')
    .where({ ...cdrKey(input), status: 'open' })
    .update({
      status: 'resolved',
      credit_cdr_id: requiredText('creditCdrId', input.creditCdrId),
      closed_at: db.fn.now(),
    })
    .returning('*');
  return row ? toDispute(row) : undefined;
}

/** Withdraws an open dispute (the CDR was right after all). */
export async function withdrawDispute(db: Knex, id: string): Promise<DisputeRecord | undefined> {
  await db('roaming_disputes')
    .where({ id, status: 'open' })
    .update({ status: 'withdrawn', closed_at: db.fn.now() });
  const row = await db('roaming_disputes').where({ id }).first();
  return row ? toDispute(row) : undefined;
}

export async function listDisputes(
  db: Knex,
  filter: { partnerId?: string; status?: DisputeStatus; direction?: CdrDirection } = {},
): Promise<DisputeRecord[]> {
  const query = db('roaming_disputes').orderBy('id');
  if (filter.partnerId) query.where({ partner_id: filter.partnerId });
  if (filter.status) query.where({ status: filter.status });
  if (filter.direction) query.where({ direction: filter.direction });
  return (await query).map(toDispute);
}

// ---- Statements ----

export interface StatementInput {
  partnerId: string;
  periodStart: string;
  periodEnd: string;
  currency: string;
  /** The statement document (src/roaming SettlementStatement); stored whole. */
  statement: unknown;
  /** What decides whether a recomputed statement is unchanged; default the statement itself. */
  contentKey?: unknown;
  /** Decimal strings, in the currency. */
  receivableInclVat: string;
  payableInclVat: string;
  netInclVat: string;
}

export interface StatementRecord extends Omit<StatementInput, 'contentKey'> {
  id: string;
  version: number;
  createdAt: string;
}

function toStatement(row: Row): StatementRecord {
  return {
    id: row.id as string,
    partnerId: row.partner_id as string,
    periodStart: iso(row.period_start as Date),
    periodEnd: iso(row.period_end as Date),
    currency: row.currency as string,
    version: row.version as number,
    statement: row.statement,
    receivableInclVat: row.receivable_incl_vat as string,
    payableInclVat: row.payable_incl_vat as string,
    netInclVat: row.net_incl_vat as string,
    createdAt: iso(row.created_at as Date),
  };
}

/**
 * Stores a statement for (partner, period, currency) as version n+1, unless it equals the latest
 * version, which is then returned with `created: false`. Safe to retry.
 */
export async function storeStatement(
  db: Knex,
  input: StatementInput,
): Promise<{ record: StatementRecord; created: boolean }> {
  const key = {
    partner_id: requiredText('partnerId', input.partnerId),
    period_start: instant('periodStart', input.periodStart),
    period_end: instant('periodEnd', input.periodEnd),
    currency: requiredText('currency', input.currency),
  };
  const hash = contentHash(input.contentKey ?? input.statement);
  for (let attempt = 0; attempt < 20; attempt++) {
    const latest = await db('settlement_statements').where(key).orderBy('version', 'desc').first();
    if (latest?.content_hash === hash) return { record: toStatement(latest), created: false };
    const version = ((latest?.version as number | undefined) ?? 0) + 1;
    const [row] = await db('settlement_statements')
      .insert({
        ...key,
        id: `${key.partner_id}:${key.period_start.toISOString()}:${key.currency}:v${version}`,
        version,
        statement: JSON.stringify(input.statement),
        content_hash: hash,
        receivable_incl_vat: decimalString('receivableInclVat', input.receivableInclVat),
        payable_incl_vat: decimalString('payableInclVat', input.payableInclVat),
        net_incl_vat: decimalString('netInclVat', input.netInclVat),
      })
      .onConflict()
      .ignore()
      .returning('*');
    if (row) return { record: toStatement(row), created: true };
  }
  throw new Error(`storeStatement(${key.partner_id}): too many concurrent writers`);
}

export async function getStatement(db: Knex, id: string): Promise<StatementRecord | undefined> {
  const row = await db('settlement_statements').where({ id }).first();
  return row ? toStatement(row) : undefined;
}

export async function listStatements(
  db: Knex,
  filter: { partnerId?: string } = {},
): Promise<StatementRecord[]> {
  const query = db('settlement_statements').orderBy([{ column: 'period_start' }, { column: 'version' }]);
  if (filter.partnerId) query.where({ partner_id: filter.partnerId });
  return (await query).map(toStatement);
}
