// The session workflow's ingest step: samples and events stored since the last ingest, and the
// validator's running state. Two statements per ingest, no lock held in between: one read of the session
// row with everything stored after its cursors, and one write that saves the new state and cursors and
// flags the bad samples, only if the cursors are still where the read found them (compare-and-set). Two
// ingests of the same session (a retried activity racing its predecessor) therefore never both apply the
// same samples: the loser writes nothing and reads again. The edge's inserts never wait for an ingest.
import type { Knex } from 'knex';
import type { MeterSample, StatusChange, ConnectorState, StopReason } from '../../session/types';
import { instant, iso, jsonRows, optionalDecimal } from '../values';
import { advancedStatus, toRecord, type SessionRecord } from './sessions';

/** An ingest of a session that has no row (nothing to ingest into, now or on a retry). */
export class UnknownSessionError extends Error {
  override name = 'UnknownSessionError';
}

export interface IngestCursor {
  sampleId: string;
  eventId: string;
}

/** A session's stop, written with its last ingest; stop facts stored before win (a retried stop moves nothing). */
export interface StopFacts {
  stoppedAt: string;
  meterStopWh?: string;
  stopReason: StopReason;
}

export interface PendingSample {
  id: string;
  sample: MeterSample;
}

export interface PendingIngest<S> {
  /** The session row (the ingest needs its start facts). */
  session: SessionRecord;
  state: S | null;
  cursor: IngestCursor;
  /** Samples stored after the cursor, in arrival order (the order the validator must see them in). */
  samples: PendingSample[];
  /** Events stored after the cursor: the id of the last one, and the connector state changes among them. */
  events: { lastId: string; changes: StatusChange[] };
}

/** ISO 8601 with milliseconds in UTC, as `iso()` writes it: instants inside JSON must not go through a Date. */
const isoText = (column: string) => `to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

// Numbers as text: exact, exactly as the numeric columns read back elsewhere (typeParsers.ts).
const PENDING_SQL = `
select s.*,
  (select coalesce(json_agg(json_build_object(
      'id', m.id::text, 'sampled_at', ${isoText('m.sampled_at')}, 'energy_wh', m.energy_wh::text,
      'power_w', m.power_w::text, 'current_a', m.current_a::text, 'soc_percent', m.soc_percent::text,
      'context', m.context, 'signed_data', m.signed_data, 'signed_format', m.signed_format) order by m.id), '[]')
    from meter_samples m where m.session_id = s.id and m.id > s.ingested_sample_id) as pending_samples,
  (select coalesce(json_agg(json_build_object(
      'id', e.id::text, 'at', ${isoText('e.at')}, 'kind', e.kind, 'data', e.data) order by e.id), '[]')
    from session_events e where e.session_id = s.id and e.id > s.ingested_event_id) as pending_events
from sessions s where s.id = ?`;

type Row = Record<string, unknown>;

/** Where the session's ingest stands and what arrived since, in one statement. */
export async function pendingIngest<S>(db: Knex, sessionId: string): Promise<PendingIngest<S>> {
  const { rows } = (await db.raw(PENDING_SQL, [sessionId])) as { rows: Row[] };
  const row = rows[0];
  if (!row) throw new UnknownSessionError(`session ${sessionId} does not exist`);
  const cursor = { sampleId: String(row.ingested_sample_id), eventId: String(row.ingested_event_id) };
  return {
    session: toRecord(row),
    state: (row.meter_state as S | null) ?? null,
    cursor,
    samples: jsonRows(row.pending_samples).map((sample) => ({
      id: sample.id as string,
      sample: sampleOf(sample),
    })),
    events: statusChangesIn(jsonRows(row.pending_events), cursor.eventId),
  };
}

/**
 * Saves the running state and the new cursors and flags the samples the validator refused, in one
 * statement, if the cursors are still `from` (with `stop`: records the stop too, and the status moves
 * on to stopped). Returns the session row as written; undefined: another ingest got there first,
 * nothing was written.
 */
export async function commitIngest<S>(
  db: Knex,
  sessionId: string,
  from: IngestCursor,
  to: IngestCursor,
  state: S,
  flagged: { id: string; flags: string[] }[],
  stop?: StopFacts,
): Promise<SessionRecord | undefined> {
  const flagValues = flagged.map(() => '(?::bigint, ?::text[])').join(', ');
  const flagging = flagged.length
    ? `, flagged as (update meter_samples m set flags = v.flags from (values ${flagValues}) as v(id, flags)
         where m.id = v.id and m.session_id = ? and exists (select 1 from moved))`
    : '';
  const stopping = stop
    ? `, stopped_at = coalesce(stopped_at, ?), meter_stop_wh = coalesce(meter_stop_wh, ?),
         stop_reason = coalesce(stop_reason, ?),
         status = ${advancedStatus('status', "'stopped'")}`
    : '';
  const { rows } = (await db.raw(
    `with moved as (
       update sessions set meter_state = ?::jsonb, ingested_sample_id = ?, ingested_event_id = ?,
         updated_at = current_timestamp${stopping}
       where id = ? and ingested_sample_id = ? and ingested_event_id = ?
       returning *)${flagging}
     select * from moved`,
    [
      JSON.stringify(state),
      to.sampleId,
      to.eventId,
      ...(stop
        ? [
            instant('stop.timestamp', stop.stoppedAt),
            optionalDecimal('stop.meterStopWh', stop.meterStopWh),
            stop.stopReason,
          ]
        : []),
      sessionId,
      from.sampleId,
      from.eventId,
      ...flagged.flatMap(({ id, flags }) => [id, flags]),
      ...(flagged.length ? [sessionId] : []),
    ],
  )) as { rows: Row[] };
  return rows[0] && toRecord(rows[0]);
}

/** A stored sample row (or its JSON form, instants as ISO text) as the charger sent it. */
function sampleOf(row: Record<string, unknown>): MeterSample {
  const sample: MeterSample = { timestamp: iso(row.sampled_at as Date) };
  if (row.energy_wh !== null) sample.energyWh = row.energy_wh as string;
  if (row.power_w !== null) sample.powerW = row.power_w as string;
  if (row.current_a !== null) sample.currentA = row.current_a as string;
  if (row.soc_percent !== null) sample.socPercent = row.soc_percent as string;
  if (row.context !== null) sample.context = row.context as string;
  if (row.signed_data !== null) sample.signedData = row.signed_data as string;
  if (row.signed_format !== null) sample.signedFormat = row.signed_format as string;
  return sample;
}

/** Connector state changes recorded after `afterId` (events of kind "status"), in arrival order. */
export async function statusChangesAfter(
  db: Knex,
  sessionId: string,
  afterId: string,
): Promise<{ lastId: string; changes: StatusChange[] }> {
  const rows = await db('session_events')
    .where({ session_id: sessionId })
    .andWhere('id', '>', afterId)
    .orderBy('id');
  return statusChangesIn(rows, afterId);
}

/** Event rows after `afterId`, in arrival order: the last one's id, and the connector state changes among them. */
function statusChangesIn(rows: Row[], afterId: string): { lastId: string; changes: StatusChange[] } {
  const changes = rows
    .filter((row) => row.kind === 'status')
    .map((row) => ({
      timestamp: iso(row.at as Date | string),
      state: (row.data as { state: ConnectorState }).state,
    }));
  return { lastId: rows.length ? String(rows[rows.length - 1].id) : afterId, changes };
}

/** Every status change of a session in time order (for building its CDR). */
export async function statusChangesOf(db: Knex, sessionId: string): Promise<StatusChange[]> {
  return (await statusChangesAfter(db, sessionId, '0')).changes.sort(
    (a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp),
  );
}

/** Merges flags into a session's flags (e.g. {closed_by_timeout: true}). */
export async function addSessionFlags(
  db: Knex,
  sessionId: string,
  flags: Record<string, unknown>,
): Promise<void> {
  await db('sessions')
    .where({ id: sessionId })
    .update({ flags: db.raw('flags || ?::jsonb', [JSON.stringify(flags)]), updated_at: db.fn.now() });
}

/** The tariffs a connector offers (OCPI Connector.tariff_ids). */
export async function connectorTariffIds(
  db: Knex,
  chargePointId: string,
  connectorId: number,
): Promise<string[]> {
  const row = await db('connectors')
    .where({ charge_point_id: chargePointId, connector_id: connectorId })
    .first('tariff_ids');
  return (row?.tariff_ids as string[] | undefined) ?? [];
}

/** Sets the tariffs offered at a connector (or at every connector of the charger when connectorId is omitted). */
export async function setConnectorTariffIds(
  db: Knex,
  chargePointId: string,
  tariffIds: string[],
  connectorId?: number,
): Promise<number> {
  const query = db('connectors').where({ charge_point_id: chargePointId });
  if (connectorId !== undefined) query.andWhere({ connector_id: connectorId });
  return query.update({ tariff_ids: tariffIds });
}

/** The newest active session on a connector (OCPP 1.6 StatusNotification and MeterValues may omit the transaction). */
export async function activeSessionOnConnector(
  db: Knex,
  chargePointId: string,
  connectorId: number,
): Promise<string | undefined> {
  const row = await activeSessionQuery(db, chargePointId, connectorId).first();
  return row?.id as string | undefined;
}

/** A value, or a column of an enclosing statement the query correlates with (db.ref). */
type ValueOrColumn<T> = T | Knex.Ref<string, Record<string, string>>;

/** The id of the newest active session on a connector, as a query (unrun: a statement may embed it). */
export function activeSessionQuery(
  db: Knex,
  chargePointId: ValueOrColumn<string>,
  connectorId: ValueOrColumn<number>,
): Knex.QueryBuilder {
  return db('sessions')
    .where({ charge_point_id: chargePointId, connector_id: connectorId, status: 'active' })
    .orderBy('started_at', 'desc')
    .limit(1)
    .select('id');
}
