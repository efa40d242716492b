// A charger's StatusNotification in one statement: the connector's status (unless a newer one is
// stored), and for the session running on that connector a status event the session's ingest reads.
// Three statements before (upsert, session lookup, event insert): a session hears four or five of
// these, and at hundreds of chargers the round trips added up (npm run bench:sessions).
import type { Knex } from 'knex';
import { connectorStatusUpsert, unknownChargerError } from './chargers';
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

/** Stores the status; resolves to the session that got a new event (none: no session running, or a re-sent report). */
export async function recordStatusNotification(
  db: Knex,
  report: StatusNotificationRecord,
): Promise<{ sessionId?: string }> {
  const { chargePointId, connectorId } = report;
  const connector = connectorStatusUpsert(db, chargePointId, connectorId, {
    state: report.state,
    at: report.at,
    ...(report.errorCode !== undefined && { errorCode: report.errorCode }),
  });
  const session = report.sessionId
    ? db('sessions').where({ id: report.sessionId }).select('id')
    : activeSessionQuery(db, chargePointId, connectorId);
  const event = sessionEventColumns({
    at: report.at,
    kind: 'status',
    data: { state: report.state },
  }) as Record<string, Knex.Value>;
  const columns = Object.keys(event);
  // Parameters in a SELECT list have no type of their own: say which the columns take.
  const casts: Record<string, string> = { at: 'timestamptz', data: 'jsonb' };
  const values = columns.map((column) => db.raw(`?::${casts[column] ?? 'text'}`, [event[column]]));
  const rows: Array<{ session_id: string }> = await db
    .with('connector', connector)
    .with('session', session)
    .insert(db.select('id', ...values).from('session'))
    .into(db.raw('session_events (session_id, ??)', [columns]))
    .onConflict(['session_id', 'event_key'])
    .ignore()
    .returning('session_id')
    .catch(unknownChargerError(chargePointId));
  return rows.length ? { sessionId: rows[0].session_id } : {};
}
