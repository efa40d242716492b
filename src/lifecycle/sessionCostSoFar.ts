// What a running session would cost if it stopped at its last accepted sample, priced with the same
// rating code as its CDR. Worked out when someone asks (SessionService.liveState), not on every ingest:
// it reads all of the session's samples, which at a sample every few seconds is most of an ingest's work.
import type { Knex } from 'knex';
import { getSession } from '../db';
import { costSoFar, OCPI_DECIMALS } from '../tariff';
import type { MoneyAmount } from '../../workflows/chargeSessionMessages';
import { chargingPeriodsOf, loadPricingFacts } from './sessionCdr';

/** Undefined before any accepted sample (`asOf`), or for a session without a tariff. */
export async function sessionCostSoFar(
  db: Knex,
  sessionId: string,
  asOf: string | undefined,
): Promise<MoneyAmount | undefined> {
  if (!asOf) return undefined;
  const session = await getSession(db, sessionId);
  if (!session?.tariffId) return undefined;
  // Only what the ingest has classified, and nothing after `asOf`: the price of the totals the caller has.
  const facts = await loadPricingFacts(db, session, { ingestedOnly: true });
  if (!facts.tariff) return undefined;
  const until = Date.parse(asOf);
  const samples = facts.samples.filter((sample) => Date.parse(sample.timestamp) <= until);
  const charging = chargingPeriodsOf({ ...facts, samples }, asOf);
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
