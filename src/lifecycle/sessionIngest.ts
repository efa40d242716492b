// The ingest step of a running session: classify the samples and status changes stored since the last
// ingest (src/session/meterValidation), write the findings onto the samples, and keep the validator's
// running state in the session row. Cost so far is not priced here but when asked (sessionCostSoFar.ts):
// pricing re-reads every sample of the session, far too much work for each ingest.
import type { Knex } from 'knex';
import {
  flagSamples,
  lockIngestState,
  samplesAfter,
  saveIngestState,
  statusChangesAfter,
} from '../db/repos/sessionIngest';
import {
  applyStatusChange,
  classifySample,
  runningTotals,
  startMeterRunningState,
  type MeterRunningState,
} from '../session/meterValidation';
import type { LiveTotals } from '../../workflows/chargeSessionMessages';

export async function ingestSession(db: Knex, sessionId: string, now: Date): Promise<LiveTotals> {
  return db.transaction(async (trx) => {
    const locked = await lockIngestState<MeterRunningState>(trx, sessionId);
    const { session } = locked;
    let state =
      locked.state ??
      startMeterRunningState({ sessionStart: session.startedAt, meterStartWh: session.meterStartWh });
    const events = await statusChangesAfter(trx, sessionId, locked.cursor.eventId);
    for (const change of events.changes) state = applyStatusChange(state, change);
    const pending = await samplesAfter(trx, sessionId, locked.cursor.sampleId);
    const flagged: { id: string; flags: string[] }[] = [];
    for (const { id, sample } of pending) {
      const result = classifySample(state, sample, now.toISOString());
      state = result.state;
      if (!result.verdict.accepted) flagged.push({ id, flags: result.verdict.reasons.map((r) => r.flag) });
    }
    await flagSamples(trx, flagged);
    await saveIngestState(trx, sessionId, state, {
      sampleId: pending.length ? pending[pending.length - 1].id : locked.cursor.sampleId,
      eventId: events.lastId,
    });
    return runningTotals(state);
  });
}
