// The session workflow's ingest step: samples and events stored since the last ingest, and the
// validator's running state. Reads happen under a row lock on the session so two ingests of the same
// session (a retried activity racing its predecessor) cannot both apply the same samples.
import type { Knex } from 'knex';
import type { MeterSample, StatusChange, ConnectorState } from '../../session/types';
import { iso } from '../values';
import { toRecord, type SessionRecord } from './sessions';

export interface IngestCursor {
  sampleId: string;
  eventId: string;
}

export interface PendingSample {
  id: string;
  sample: MeterSample;
}

export interface LockedIngestState<S> {
  state: S | null;
  cursor: IngestCursor;
  /** The session row as locked: the ingest needs its start facts, and this saves a second read. */
  session: SessionRecord;
}

/**
 * Locks the session row (inside `trx`) and returns the stored running state and cursor. FOR NO KEY UPDATE:
 * two ingests of a session still exclude each other, but the edge's sample inserts, whose foreign key
 * check takes FOR KEY SHARE on the same row, are not held up for the length of the ingest.
 */
export async function lockIngestState<S>(
  trx: Knex.Transaction,
  sessionId: string,
): Promise<LockedIngestState<S>> {
  const row = await trx('sessions').where({ id: sessionId }).forNoKeyUpdate().first();
  if (!row) throw new Error(`session ${sessionId} does not exist`);
  return {
    state: (row.meter_state as S | null) ?? null,
    cursor: { sampleId: String(row.ingested_sample_id), eventId: String(row.ingested_event_id) },
    session: toRecord(row),
  };
}

export async function saveIngestState<S>(
  trx: Knex.Transaction,
  sessionId: string,
  state: S,
  cursor: IngestCursor,
): Promise<void> {
  await trx('sessions')
    .where({ id: sessionId })
    .update({
      meter_state: JSON.stringify(state),
      ingested_sample_id: cursor.sampleId,
      ingested_event_id: cursor.eventId,
      updated_at: trx.fn.now(),
    });
}

/** Samples stored after `afterId`, in arrival order (the order the validator must see them in). */
export async function samplesAfter(db: Knex, sessionId: string, afterId: string): Promise<PendingSample[]> {
  const rows = await db('meter_samples')
    .where({ session_id: sessionId })
    .andWhere('id', '>', afterId)
    .orderBy('id');
  return rows.map((row) => ({ id: String(row.id), sample: sampleOf(row) }));
}

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
  const changes = rows
    .filter((row) => row.kind === 'status')
    .map((row) => ({ timestamp: iso(row.at as Date), state: (row.data as { state: ConnectorState }).state }));
  return { lastId: rows.length ? String(rows[rows.length - 1].id) : afterId, changes };
}

/** Every status change of a session in time order (for building its CDR). */
export async function statusChangesOf(db: Knex, sessionId: string): Promise<StatusChange[]> {
  return (await statusChangesAfter(db, sessionId, '0')).changes.sort(
    (a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp),
  );
}

/** Writes the validator's findings onto the samples it flagged. Idempotent. */
export async function flagSamples(db: Knex, flagged: { id: string; flags: string[] }[]): Promise<void> {
  for (const { id, flags } of flagged) await db('meter_samples').where({ id }).update({ flags });
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
  const row = await db('sessions')
    .where({ charge_point_id: chargePointId, connector_id: connectorId, status: 'active' })
    .orderBy('started_at', 'desc')
    .first('id');
  return row?.id as string | undefined;
}
