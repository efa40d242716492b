// What rating a CDR produces: exact totals and a line-by-line breakdown that explains every cent.
// Field names are snake_case because the breakdown is a wire format (CLI output, stored as JSON
// next to the CDR, read by invoicing); ExactDecimal values serialise as decimal strings.
import type { ExactDecimal } from '../decimal/exactDecimal';
import type { TariffDimensionType } from '../types';

export interface ExactPrice {
  excl_vat: ExactDecimal;
  incl_vat: ExactDecimal;
}

/**
 * usage: a period's volume priced by a component; unpriced: volume no element prices (free);
 * flat: a FLAT fee (once per session, once per reservation); step_size: the session-level rounding
 * of a dimension to its step; min_price / max_price: the tariff's limits on the total.
 */
export type LineKind = 'usage' | 'unpriced' | 'flat' | 'step_size' | 'min_price' | 'max_price';

/** Which OCPI total a line adds to (price limits change only total_cost). */
export type CostCategory = 'energy' | 'time' | 'parking' | 'fixed' | 'reservation' | 'price_limit';

export interface StepAdjustment {
  /** The step in the dimension's base unit, from the last period's applicable component. */
  step_size: number;
  unit: 'Wh' | 's';
  /**
   * Billable session volume before and after rounding up, in the base unit. For time the rounding up
   * starts from the volume rounded to whole seconds (half-up); `session_volume` stays exact.
   */
  session_volume: ExactDecimal;
  billed_volume: ExactDecimal;
  /** billed − session volume, in the base unit (exact). */
  extra_volume: ExactDecimal;
}

export interface RatedLine {
  kind: LineKind;
  category: CostCategory;
  /** Index into charging_periods; null for session-level limits. */
  period_index: number | null;
  tariff_id: string | null;
  element_index: number | null;
  component_index: number | null;
  /** The tariff dimension that priced it (a reservation's time is priced by a TIME component). */
  dimension: TariffDimensionType | null;
  /** Volume in the OCPI unit: kWh (ENERGY), hours (TIME, PARKING_TIME, reservation), 1 (FLAT). */
  volume: ExactDecimal;
  /** Price per unit excl. VAT. */
  unit_price: ExactDecimal | null;
  /** VAT percentage; null when the component has none. */
  vat_percent: ExactDecimal | null;
  cost_excl_vat: ExactDecimal;
  cost_incl_vat: ExactDecimal;
  step?: StepAdjustment;
  /** Plain-words reason for adjustments and unpriced volume. */
  note?: string;
}

export interface RatingWarning {
  code: string;
  message: string;
  period_index?: number;
}

/** The OCPI CDR money totals, in the order OCPI lists them. */
export const MONEY_TOTALS = [
  'total_cost',
  'total_fixed_cost',
  'total_energy_cost',
  'total_time_cost',
  'total_parking_cost',
  'total_reservation_cost',
] as const;

/** The OCPI CDR quantity totals (kWh, hours, hours). */
export const QUANTITY_TOTALS = ['total_energy', 'total_time', 'total_parking_time'] as const;

export interface RatedTotals {
  total_cost: ExactPrice;
  total_fixed_cost: ExactPrice;
  total_energy_cost: ExactPrice;
  total_time_cost: ExactPrice;
  total_parking_cost: ExactPrice;
  total_reservation_cost: ExactPrice;
  /** kWh, the sum of the periods' ENERGY volumes. */
  total_energy: ExactDecimal;
  /** Hours from the session's first instant to end_date_time. */
  total_time: ExactDecimal;
  /** Hours, the sum of the periods' PARKING_TIME volumes. */
  total_parking_time: ExactDecimal;
}

export interface CdrRating {
  currency: string;
  time_zone: string;
  /** Ids of the tariffs that priced at least one period (session tariff first). */
  tariff_ids: string[];
  /** Exact, unrounded totals; each money total is the sum of its lines. */
  totals: RatedTotals;
  lines: RatedLine[];
  warnings: RatingWarning[];
}
