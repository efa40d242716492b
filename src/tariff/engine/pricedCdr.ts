// The rating written back into the CDR: OCPI totals rounded once, here, and the exact breakdown
// beside them under `chargeledger_breakdown`.
//
// Rounding policy: everything before this point is exact (amounts that do not terminate, from ÷ 3600,
// carry 12 decimals). The OCPI totals are rounded once, to 4 decimals, ROUND_HALF_UP (half away from
// zero): OCPI numbers carry 4 decimals and the conformance data compares at 4 (step_size/cdr1 expects
// 0.5502 from 0.30024 + 0.25). Every total is rounded from its exact value, so total_cost may differ
// from the sum of the rounded sub-totals by 0.0001. Invoicing rounds the exact breakdown values to
// the currency's minor unit itself, once.
import type { ExactDecimal } from '../decimal/exactDecimal';
import type { Cdr, Price } from '../types';
import type { CdrRating, ExactPrice, RatedLine, RatedTotals, RatingWarning } from './rating';

/** A rating value as it travels in JSON: every exact decimal as a decimal string. */
export type Serialized<T> = T extends ExactDecimal
  ? string
  : T extends (infer U)[]
    ? Serialized<U>[]
    : T extends object
      ? { [K in keyof T]: Serialized<T[K]> }
      : T;

export type BreakdownLine = Serialized<RatedLine>;

export const OCPI_DECIMALS = 4;

export const ROUNDING_POLICY =
  'OCPI totals: rounded once from exact values to 4 decimals, ROUND_HALF_UP. Breakdown: exact decimal strings ' +
  '(amounts that do not terminate, from per-hour prices on step-size seconds, carry 12 decimals, half-up).';

/** The breakdown as stored and sent: plain JSON, exact values as decimal strings. */
export interface RatingBreakdown {
  rounding: string;
  currency: string;
  time_zone: string;
  tariff_ids: string[];
  /** The exact totals the rounded OCPI totals come from. */
  exact_totals: Serialized<RatedTotals>;
  lines: BreakdownLine[];
  warnings: RatingWarning[];
}

export type PricedCdr = Cdr &
  Required<
    Pick<
      Cdr,
      | 'total_cost'
      | 'total_fixed_cost'
      | 'total_energy'
      | 'total_energy_cost'
      | 'total_time'
      | 'total_time_cost'
      | 'total_parking_time'
      | 'total_parking_cost'
      | 'total_reservation_cost'
    >
  > & { chargeledger_breakdown: RatingBreakdown };

export function roundForOcpi(value: ExactDecimal): number {
  return value.roundHalfUp(OCPI_DECIMALS).toNumber();
}

function ocpiPrice(price: ExactPrice): Price {
  return { excl_vat: roundForOcpi(price.excl_vat), incl_vat: roundForOcpi(price.incl_vat) };
}

function priceText(price: ExactPrice): Serialized<ExactPrice> {
  return { excl_vat: price.excl_vat.toString(), incl_vat: price.incl_vat.toString() };
}

/** Strings up front: JSON.stringify calling toJSON per decimal is several times slower. */
function lineText(line: RatedLine): BreakdownLine {
  const text: BreakdownLine = {
    kind: line.kind,
    category: line.category,
    period_index: line.period_index,
    tariff_id: line.tariff_id,
    element_index: line.element_index,
    component_index: line.component_index,
    dimension: line.dimension,
    volume: line.volume.toString(),
    unit_price: line.unit_price === null ? null : line.unit_price.toString(),
    vat_percent: line.vat_percent === null ? null : line.vat_percent.toString(),
    cost_excl_vat: line.cost_excl_vat.toString(),
    cost_incl_vat: line.cost_incl_vat.toString(),
  };
  if (line.step) {
    text.step = {
      step_size: line.step.step_size,
      unit: line.step.unit,
      session_volume: line.step.session_volume.toString(),
      billed_volume: line.step.billed_volume.toString(),
      extra_volume: line.step.extra_volume.toString(),
    };
  }
  if (line.note !== undefined) text.note = line.note;
  return text;
}

/** The CDR with every OCPI total filled in from the rating, plus the exact breakdown. */
export function pricedCdr(cdr: Cdr, rating: CdrRating): PricedCdr {
  const t = rating.totals;
  return {
    ...cdr,
    total_cost: ocpiPrice(t.total_cost),
    total_fixed_cost: ocpiPrice(t.total_fixed_cost),
    total_energy: roundForOcpi(t.total_energy),
    total_energy_cost: ocpiPrice(t.total_energy_cost),
    total_time: roundForOcpi(t.total_time),
    total_time_cost: ocpiPrice(t.total_time_cost),
    total_parking_time: roundForOcpi(t.total_parking_time),
    total_parking_cost: ocpiPrice(t.total_parking_cost),
    total_reservation_cost: ocpiPrice(t.total_reservation_cost),
    chargeledger_breakdown: {
      rounding: ROUNDING_POLICY,
      currency: rating.currency,
      time_zone: rating.time_zone,
      tariff_ids: rating.tariff_ids,
      exact_totals: {
        total_cost: priceText(t.total_cost),
        total_fixed_cost: priceText(t.total_fixed_cost),
        total_energy_cost: priceText(t.total_energy_cost),
        total_time_cost: priceText(t.total_time_cost),
        total_parking_cost: priceText(t.total_parking_cost),
        total_reservation_cost: priceText(t.total_reservation_cost),
        total_energy: t.total_energy.toString(),
        total_time: t.total_time.toString(),
        total_parking_time: t.total_parking_time.toString(),
      },
      lines: rating.lines.map(lineText),
      warnings: rating.warnings,
    },
  };
}
