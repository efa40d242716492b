// The ingest step of a running session: classify the samples and status changes stored since the last
// ingest (src/session/meterValidation), write the findings onto the samples, and keep the validator's
// running state in the session row. Two statements (src/db/repos/sessionIngest.ts): a read of all that is
// new, and a compare-and-set write; when a concurrent ingest of the session moved the cursors first, this
// one writes nothing and starts over from where that one left off, so no sample is applied twice.
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
import type { LiveTotals } from '../../workflows/chargeSessionMessages';

/** Racing ingests of one session are a retried activity and its predecessor: a few rounds settle it. */
const MAX_ROUNDS = 5;

export async function ingestSession(db: Knex, sessionId: string, now: Date): Promise<LiveTotals> {
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
    if (await commitIngest(db, sessionId, pending.cursor, to, state, flagged))
      return { ...runningTotals(state), ingestCursor: `${to.sampleId}:${to.eventId}` };
    if (round >= MAX_ROUNDS)
      throw new Error(`session ${sessionId}: ${round} ingests in a row lost the race to another one`);
  }
}
