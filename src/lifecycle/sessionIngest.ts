// The ingest step of a running session: classify the samples and status changes stored since the last
// ingest (src/session/meterValidation), write the findings onto the samples, and keep the validator's
// running state in the session row (at the stop: the stop too). Two statements
// (src/db/repos/sessionIngest.ts): a read of all that is new, and a compare-and-set write; when a
// concurrent ingest of the session moved the cursors first, this one writes nothing and starts over
// from where that one left off, so no sample is applied twice.
// Cost so far is not priced here but when asked (sessionCostSoFar.ts): pricing re-reads every sample of
// the session, far too much work for each ingest.
import type { Knex } from 'knex';
import { commitIngest, pendingIngest } from '../db/repos/sessionIngest';
import {
  applyStatusChange,
  classifySample,
  runningTotals,
  startMeterRunningState,
  type MeterRunningState,
} from '../session/meterValidation';
import type { SessionRecord } from '../db';
import type { LiveTotals, StopRequest } from '../../workflows/chargeSessionMessages';

/** Racing ingests of one session are a retried activity and its predecessor: a few rounds settle it. */
const MAX_ROUNDS = 5;

export async function ingestSession(db: Knex, sessionId: string, now: Date): Promise<LiveTotals> {
  return (await ingest(db, sessionId, now)).totals;
}

/**
 * A stopped session's last ingest, with its stop recorded in the same write (stop facts stored before
 * win). Without a time of its own the stop is the last sample's, else the start's. Returns the session
 * as stored now.
 */
export async function ingestStop(
  db: Knex,
  sessionId: string,
  now: Date,
  stop: StopRequest,
): Promise<{ totals: LiveTotals; session: SessionRecord }> {
  return ingest(db, sessionId, now, stop);
}

async function ingest(
  db: Knex,
  sessionId: string,
  now: Date,
  stop?: StopRequest,
): Promise<{ totals: LiveTotals; session: SessionRecord }> {
  for (let round = 1; ; round++) {
    const pending = await pendingIngest<MeterRunningState>(db, sessionId);
    const { session } = pending;
    let state =
      pending.state ??
      startMeterRunningState({ sessionStart: session.startedAt, meterStartWh: session.meterStartWh });
    for (const change of pending.events.changes) state = applyStatusChange(state, change);
    const flagged: { id: string; flags: string[] }[] = [];
    for (const { id, sample } of pending.samples) {
      const result = classifySample(state, sample, now.toISOString());
      state = result.state;
      if (!result.verdict.accepted) flagged.push({ id, flags: result.verdict.reasons.map((r) => r.flag) });
    }
    const last = pending.samples[pending.samples.length - 1];
    const to = { sampleId: last?.id ?? pending.cursor.sampleId, eventId: pending.events.lastId };
    const totals = runningTotals(state);
    const stopFacts = stop && {
      stoppedAt: stop.timestamp ?? totals.lastSampleAt ?? session.startedAt,
      ...(stop.meterStopWh !== undefined && { meterStopWh: stop.meterStopWh }),
      stopReason: stop.reason,
    };
    const written = await commitIngest(db, sessionId, pending.cursor, to, state, flagged, stopFacts);
    if (written)
      return { totals: { ...totals, ingestCursor: `${to.sampleId}:${to.eventId}` }, session: written };
    if (round >= MAX_ROUNDS)
      throw new Error(`session ${sessionId}: ${round} ingests in a row lost the race to another one`);
  }
}
