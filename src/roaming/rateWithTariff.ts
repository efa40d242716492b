// Re-rating a CDR with a tariff of our choosing: the CPO's wholesale tariff for a partner eMSP, or the
// eMSP's retail tariff for its driver. The charging periods (the measured facts) are kept; the tariffs
// the CDR named are replaced by `tariff`, and the result is in the tariff's currency (a wholesale CDR
// is in the agreement's currency, a retail price in the driver's contract currency). Pure; rounding
// as the rating engine documents (pricedCdr).
import { pricedCdr, rateCdr, type PricedCdr } from '../tariff';
import type { Cdr, Tariff } from '../tariff/types';

/** Throws InputError (src/tariff) when the tariff cannot rate the CDR (e.g. a malformed period). */
export function rateWithTariff(cdr: Cdr, tariff: Tariff, timeZone: string): PricedCdr {
  const periods = cdr.charging_periods.map((period) => ({ ...period, tariff_id: tariff.id }));
  const unpriced: Cdr = { ...cdr, currency: tariff.currency, tariffs: [tariff], charging_periods: periods };
  return pricedCdr(unpriced, rateCdr(unpriced, { timeZone }));
}
