// Chargers' StatusNotifications, any number in one statement: each connector's status (unless a newer
// one is stored), and for the session running on that connector a status event the session's ingest
// reads. The edge batches the reports of many chargers (src/lifecycle/writeBatcher.ts): a session hears
// four or five of these, and at hundreds of chargers a statement each added up (npm run bench:sessions).
import type { Knex } from 'knex';
import { connectorStatusRow, NEWER_STATUS_WINS, unknownChargerError } from './chargers';
import { activeSessionQuery } from './sessionIngest';
import { sessionEventColumns } from './sessions';

export interface StatusNotificationRecord {
  chargePointId: string;
  connectorId: number;
  state: string;
  at: string;
  errorCode?: string;
  /** The session the charger named (OCPP 2.0.1 transactionId); otherwise the connector's active one. */
  sessionId?: string;
}

// One row per report. A connector reported twice in the batch takes its newest report (an upsert may
// touch a row once per statement); every report is an event of its session. A session named by the
// charger gets the event only if it exists; otherwise the connector's newest active session.
const STATEMENT = (rows: string) => `
with input (i, charge_point_id, connector_id, ocpi_connector_id, status, status_at, error_code,
            session_id, at, data, event_key) as (values ${rows}),
newest as (
  select distinct on (charge_point_id, connector_id) * from input
  order by charge_point_id, connector_id, status_at desc, i desc),
connector as (
  insert into connectors (charge_point_id, connector_id, ocpi_connector_id, status, status_at, error_code)
  select charge_point_id, connector_id, ocpi_connector_id, status, status_at, error_code from newest
  on conflict (charge_point_id, connector_id) do update
    set status = excluded.status, status_at = excluded.status_at, error_code = excluded.error_code
    where ${NEWER_STATUS_WINS}),
target as (
  select input.*, case when input.session_id is not null
      then (select s.id from sessions s where s.id = input.session_id)
      else ? end as event_session_id
  from input),
inserted as (
  insert into session_events (session_id, at, kind, data, event_key)
  select event_session_id, at, 'status', data, event_key from target
  where event_session_id is not null order by i
  on conflict (session_id, event_key) do nothing
  returning session_id, event_key)
select min(target.i) as i, inserted.session_id from inserted
join target on target.event_session_id = inserted.session_id and target.event_key = inserted.event_key
group by inserted.session_id, inserted.event_key`;

const ROW =
  '(?::int, ?::text, ?::int, ?::text, ?::text, ?::timestamptz, ?::text, ?::text, ?::timestamptz, ?::jsonb, ?::text)';

/**
 * Stores the reports; resolves, per report, to the session that got a new event from it (none: no
 * session running, a re-sent report, or the same report twice in the batch: the first has it). A
 * charger nobody registered fails the whole batch with an error naming the batch's chargers.
 */
export async function recordStatusNotifications(
  db: Knex,
  reports: readonly StatusNotificationRecord[],
): Promise<Array<{ sessionId?: string }>> {
  if (reports.length === 0) return [];
  const bindings = reports.flatMap((report, i) => {
    const connector = connectorStatusRow(report.chargePointId, report.connectorId, {
      state: report.state,
      at: report.at,
      ...(report.errorCode !== undefined && { errorCode: report.errorCode }),
    });
    const event = sessionEventColumns({ at: report.at, kind: 'status', data: { state: report.state } });
    return [
      i,
      connector.charge_point_id,
      connector.connector_id,
      connector.ocpi_connector_id,
      connector.status,
      connector.status_at,
      connector.error_code,
      report.sessionId ?? null,
      event.at,
      event.data,
      event.event_key,
    ] as Knex.Value[];
  });
  const chargers = [...new Set(reports.map((report) => report.chargePointId))];
  const activeSession = activeSessionQuery(db, db.ref('input.charge_point_id'), db.ref('input.connector_id'));
  const { rows } = (await db
    .raw(STATEMENT(reports.map(() => ROW).join(', ')), [...bindings, activeSession])
    .catch(unknownChargerError(chargers))) as {
    rows: Array<{ i: number; session_id: string }>;
  };
  const sessionOf = new Map(rows.map((row) => [Number(row.i), row.session_id]));
  return reports.map((_, i) => {
    const sessionId = sessionOf.get(i);
    return sessionId === undefined ? {} : { sessionId };
  });
}

/** One report (see recordStatusNotifications). */
export async function recordStatusNotification(
  db: Knex,
  report: StatusNotificationRecord,
): Promise<{ sessionId?: string }> {
  const [stored] = await recordStatusNotifications(db, [report]);
  return stored;
}
