// Charging sessions: one row per (charger, transaction), keyed by the session workflow's id. Start
// facts (who, where, meter start, the frozen tariff version) are written once; stop facts and status
// are merged in later. Status only moves forward: active → stopped → failed → rated.
import type { Knex } from 'knex';
import type { AuthorizationStatus, StopReason } from '../../session/types';
import { contentHash } from '../canonicalJson';
import { SESSION_STATUSES } from '../migrations/001_core';
import {
  InvalidRecordError,
  decimalString,
  instant,
  iso,
  isoOrNull,
  oneOf,
  optionalDecimal,
  optionalInstant,
  requiredText,
} from '../values';

export type SessionStatus = (typeof SESSION_STATUSES)[number];

/** Forward order of statuses; an upsert never moves a session back. */
const STATUS_ORDER: readonly SessionStatus[] = ['active', 'stopped', 'failed', 'rated'];

/** The workflow id (and session id) of a charger's transaction. */
export function sessionIdFor(chargePointId: string, transactionId: string): string {
  return `session-${chargePointId}-${transactionId}`;
}

export interface SessionUpsert {
  /** Default: sessionIdFor(chargePointId, transactionId). */
  id?: string;
  chargePointId: string;
  connectorId: number;
  transactionId: string;
  idTag: string;
  tokenUid?: string | null;
  authStatus: AuthorizationStatus;
  contractId?: string | null;
  tariffId?: string | null;
  tariffVersion?: number | null;
  /** IANA zone of the charger: tariff restrictions are local to it. */
  timeZone: string;
  meterStartWh: string;
  startedAt: string;
  stoppedAt?: string | null;
  meterStopWh?: string | null;
  stopReason?: StopReason | null;
  status?: SessionStatus;
  /** Merged key by key into the stored flags. */
  flags?: Record<string, unknown>;
}

export interface SessionRecord {
  id: string;
  chargePointId: string;
  connectorId: number;
  transactionId: string;
  idTag: string;
  tokenUid: string | null;
  authStatus: AuthorizationStatus;
  contractId: string | null;
  tariffId: string | null;
  tariffVersion: number | null;
  timeZone: string;
  meterStartWh: string;
  startedAt: string;
  stoppedAt: string | null;
  meterStopWh: string | null;
  stopReason: StopReason | null;
  status: SessionStatus;
  flags: Record<string, unknown>;
  createdAt: string;
  updatedAt: string;
}

export interface SessionEvent {
  at: string;
  /** e.g. "status", "authorized", "stop_requested", "sample_flagged". */
  kind: string;
  data?: Record<string, unknown>;
}

type Row = Record<string, unknown>;

const UNIQUE_VIOLATION = '23505';

/** A `sessions` row as a record (for callers that select the row themselves, e.g. under a lock). */
export function toRecord(row: Row): SessionRecord {
  return {
    id: row.id as string,
    chargePointId: row.charge_point_id as string,
    connectorId: row.connector_id as number,
    transactionId: row.transaction_id as string,
    idTag: row.id_tag as string,
    tokenUid: row.token_uid as string | null,
    authStatus: row.auth_status as AuthorizationStatus,
    contractId: row.contract_id as string | null,
    tariffId: row.tariff_id as string | null,
    tariffVersion: row.tariff_version as number | null,
    timeZone: row.time_zone as string,
    meterStartWh: row.meter_start_wh as string,
    startedAt: iso(row.started_at as Date),
    stoppedAt: isoOrNull(row.stopped_at as Date | null),
    meterStopWh: row.meter_stop_wh as string | null,
    stopReason: row.stop_reason as StopReason | null,
    status: row.status as SessionStatus,
    flags: row.flags as Record<string, unknown>,
    createdAt: iso(row.created_at as Date),
    updatedAt: iso(row.updated_at as Date),
  };
}

function columnsOf(s: SessionUpsert): Row {
  if (!Number.isInteger(s.connectorId) || s.connectorId < 0) {
    throw new InvalidRecordError('session.connectorId', `expected an integer ≥ 0, got ${s.connectorId}`);
  }
  if ((s.tariffId == null) !== (s.tariffVersion == null)) {
    throw new InvalidRecordError('session.tariffVersion', 'tariffId and tariffVersion go together');
  }
  const chargePointId = requiredText('session.chargePointId', s.chargePointId);
  const transactionId = requiredText('session.transactionId', s.transactionId);
  return {
    id: s.id ?? sessionIdFor(chargePointId, transactionId),
    charge_point_id: chargePointId,
    connector_id: s.connectorId,
    transaction_id: transactionId,
    id_tag: requiredText('session.idTag', s.idTag),
    token_uid: s.tokenUid ?? null,
    auth_status: requiredText('session.authStatus', s.authStatus),
    contract_id: s.contractId ?? null,
    tariff_id: s.tariffId ?? null,
    tariff_version: s.tariffVersion ?? null,
    time_zone: requiredText('session.timeZone', s.timeZone),
    meter_start_wh: decimalString('session.meterStartWh', s.meterStartWh),
    started_at: instant('session.startedAt', s.startedAt),
    stopped_at: optionalInstant('session.stoppedAt', s.stoppedAt),
    meter_stop_wh: optionalDecimal('session.meterStopWh', s.meterStopWh),
    stop_reason: s.stopReason ?? null,
    status: oneOf('session.status', s.status ?? 'active', SESSION_STATUSES),
    flags: JSON.stringify(s.flags ?? {}),
  };
}

const rank = (column: string) => `array_position(array['${STATUS_ORDER.join("','")}'], ${column})`;

/** SQL: the further on of two statuses (`proposed` only if it moves `current` forward). */
export const advancedStatus = (current: string, proposed: string) =>
  `case when ${rank(proposed)} > ${rank(current)} then ${proposed} else ${current} end`;

/**
 * Inserts the session, or merges into the existing row: stop fields fill in (a later non-null value
 * wins), flags merge, status advances but never regresses; start facts never change. Idempotent.
 */
export async function upsertSession(db: Knex, session: SessionUpsert): Promise<SessionRecord> {
  const columns = columnsOf(session);
  const keep = (column: string) => db.raw(`coalesce(excluded.${column}, sessions.${column})`);
  const [row] = await db('sessions')
    .insert(columns)
    .onConflict('id')
    .merge({
      stopped_at: keep('stopped_at'),
      meter_stop_wh: keep('meter_stop_wh'),
      stop_reason: keep('stop_reason'),
      token_uid: keep('token_uid'),
      contract_id: keep('contract_id'),
      status: db.raw(advancedStatus('sessions.status', 'excluded.status')),
      flags: db.raw('sessions.flags || excluded.flags'),
      updated_at: db.fn.now(),
    })
    .returning('*')
    .catch((err: { code?: string }) => {
      if (err.code !== UNIQUE_VIOLATION) throw err;
      throw new InvalidRecordError(
        'session.id',
        `transaction ${columns.transaction_id as string} of charger ${columns.charge_point_id as string} ` +
          `already belongs to another session than ${columns.id as string}`,
      );
    });
  return toRecord(row);
}

export async function getSession(db: Knex, id: string): Promise<SessionRecord | undefined> {
  const row = await db('sessions').where({ id }).first();
  return row ? toRecord(row) : undefined;
}

export async function findSessionByTransaction(
  db: Knex,
  chargePointId: string,
  transactionId: string,
): Promise<SessionRecord | undefined> {
  const row = await db('sessions')
    .where({ charge_point_id: chargePointId, transaction_id: transactionId })
    .first();
  return row ? toRecord(row) : undefined;
}

/** The update that advances a session's status (none when it is there or further), unrun: a statement may embed it. */
export function statusAdvance(db: Knex, id: string, status: SessionStatus): Knex.QueryBuilder {
  oneOf('status', status, SESSION_STATUSES);
  return db('sessions')
    .where({ id })
    .andWhere(db.raw(`${rank('status')} < ${rank('?::text')}`, [status]))
    .update({ status, updated_at: db.fn.now() });
}

/** Advances a session's status (no-op when it is already there or further). Undefined if unknown. */
export async function setSessionStatus(
  db: Knex,
  id: string,
  status: SessionStatus,
): Promise<SessionRecord | undefined> {
  const [advanced] = await statusAdvance(db, id, status).returning('*');
  return advanced ? toRecord(advanced) : getSession(db, id);
}

export async function listSessions(
  db: Knex,
  filter: { status?: SessionStatus; chargePointId?: string; limit?: number; offset?: number } = {},
): Promise<SessionRecord[]> {
  const query = db('sessions').orderBy([{ column: 'started_at' }, { column: 'id' }]);
  if (filter.status) query.where({ status: filter.status });
  if (filter.chargePointId) query.where({ charge_point_id: filter.chargePointId });
  return (await query.limit(filter.limit ?? 100).offset(filter.offset ?? 0)).map(toRecord);
}

/** Records a lifecycle event; the same event (at, kind, data) delivered again is one row. */
export async function appendSessionEvent(
  db: Knex,
  sessionId: string,
  event: SessionEvent,
): Promise<{ inserted: boolean }> {
  const rows = await db('session_events')
    .insert({ session_id: sessionId, ...sessionEventColumns(event) })
    .onConflict(['session_id', 'event_key'])
    .ignore()
    .returning('id');
  return { inserted: rows.length === 1 };
}

/** The columns of a session event but its session; `event_key` makes a re-sent event the same row. */
export function sessionEventColumns(event: SessionEvent): Record<string, unknown> {
  const at = instant('event.at', event.at);
  const data = event.data ?? {};
  const kind = requiredText('event.kind', event.kind);
  return {
    at,
    kind,
    data: JSON.stringify(data),
    event_key: contentHash({ at: at.toISOString(), kind, data }),
  };
}

/** A session's events in time order (ties in arrival order). */
export async function listSessionEvents(db: Knex, sessionId: string): Promise<Required<SessionEvent>[]> {
  const rows = await db('session_events')
    .where({ session_id: sessionId })
    .orderBy([{ column: 'at' }, { column: 'id' }]);
  return rows.map((row) => ({ at: iso(row.at), kind: row.kind, data: row.data }));
}
