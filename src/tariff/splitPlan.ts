// Where a tariff can change its price during a session: the CDR builder (src/cdr) splits charging
// periods at these points so that each period is priced by exactly one set of tariff elements.
// The rating engine produces a SplitPlan from a Tariff (src/tariff/boundaries.ts).

export interface SplitPlan {
  /** Instants (epoch ms, ascending) strictly between fromMs and toMs where a time-of-day, date,
   *  day-of-week or tariff-validity restriction changes. */
  instantsBetween(fromMs: number, toMs: number): number[];
  /** min_kwh / max_kwh thresholds in Wh (decimal strings, ascending, distinct). */
  energyThresholdsWh: string[];
  /** min_duration / max_duration thresholds in seconds since session start (ascending, distinct). */
  durationThresholdsSeconds: number[];
  /** min_power / max_power thresholds in W (decimal strings, ascending, distinct). */
  powerThresholdsW: string[];
  /** min_current / max_current thresholds in A (decimal strings, ascending, distinct). */
  currentThresholdsA: string[];
}
