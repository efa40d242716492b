// "Cost so far" for a running session (a driver's app, a workflow query): the same rating code path
// as a finished CDR, on the periods built so far, as if the session ended at `asOf`. step_size and
// min_price therefore apply as they would if the driver stopped now, so the figure is what stopping
// now would cost, and it never undercuts the final bill for the same periods.
import type { ChargingPeriod, Tariff, TariffType } from '../types';
import type { CdrRating } from './rating';
import { rateCdr } from './rateCdr';

export interface SessionSoFar {
  /** Session start (OCPI DateTime). */
  startDateTime: string;
  /** The instant the estimate is for (OCPI DateTime); the caller's clock, never read here. */
  asOf: string;
  /** Charging periods built so far (src/cdr), the last one running until `asOf`. */
  chargingPeriods: ChargingPeriod[];
  /** Defaults to the tariff's currency. */
  currency?: string;
}

export function costSoFar(
  tariffs: Tariff | readonly Tariff[],
  session: SessionSoFar,
  options: { timeZone?: string; tariffType?: TariffType } = {},
): CdrRating {
  const offered: readonly Tariff[] = Array.isArray(tariffs) ? tariffs : [tariffs as Tariff];
  return rateCdr(
    {
      start_date_time: session.startDateTime,
      end_date_time: session.asOf,
      currency: session.currency ?? offered[0]?.currency ?? '',
      charging_periods: session.chargingPeriods,
    },
    { ...options, tariffs: offered },
  );
}
