// The ingest step of a running session: classify the samples and status changes stored since the last
// ingest (src/session/meterValidation), write the findings onto the samples, keep the validator's
// running state in the session row, and price the session so far with the same rating code as the CDR.
import type { Knex } from 'knex';
import { getSession, type SessionRecord } from '../db';
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
import { costSoFar, OCPI_DECIMALS } from '../tariff';
import type { LiveTotals, MoneyAmount } from '../../workflows/chargeSessionMessages';
import { chargingPeriodsOf, loadPricingFacts } from './sessionCdr';

export async function ingestSession(db: Knex, sessionId: string, now: Date): Promise<LiveTotals> {
  const { totals, session } = await db.transaction(async (trx) => {
    const locked = await lockIngestState<MeterRunningState>(trx, sessionId);
    const session = await getSession(trx, sessionId);
    if (!session) throw new Error(`session ${sessionId} does not exist`);
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
    return { totals: runningTotals(state), session };
  });
  return { ...totals, costSoFar: await sessionCostSoFar(db, session, totals.lastSampleAt) };
}

/** What stopping at the last accepted sample would cost; undefined before any sample or without a tariff. */
async function sessionCostSoFar(
  db: Knex,
  session: SessionRecord,
  asOf: string | undefined,
): Promise<MoneyAmount | undefined> {
  if (!asOf || !session.tariffId) return undefined;
  // Only what pricing needs (not the charger or the token): this runs on every ingest.
  const facts = await loadPricingFacts(db, session);
  if (!facts.tariff) return undefined;
  const charging = chargingPeriodsOf(facts, asOf);
  const rating = costSoFar(
    facts.tariff,
    { startDateTime: charging.startDateTime, asOf: charging.endDateTime, chargingPeriods: charging.periods },
    { timeZone: session.timeZone },
  );
  const { total_cost } = rating.totals;
  return {
    excl_vat: total_cost.excl_vat.toFixed(OCPI_DECIMALS),
    incl_vat: total_cost.incl_vat.toFixed(OCPI_DECIMALS),
  };
}
