// step_size as OCPI 2.2.1 (release-2.2.1-bugfixes, incl. ocpi/ocpi#546) defines it: rounding
// happens once per session and dimension, on the session total of the *billable* volume (volume a
// price component applies to; volume no element prices is free and never rounded), up to a multiple
// of the step_size of the component that priced the last billable period. The extra volume is billed
// at that component's price. TIME and PARKING_TIME are rounded only once between them: when the
// session has billable parking, only parking is rounded (mod_cdrs: "step_size is only taken into
// account for the total parking duration").
import { ExactDecimal } from '../decimal/exactDecimal';
import type { CompiledComponent } from './compiledTariff';
import type { CostCategory, RatedLine } from './rating';

/** Money and volumes that do not terminate (÷ 3600) are carried to this many decimals, half-up. */
export const INTERNAL_SCALE = 12;

const SECONDS_PER_HOUR = ExactDecimal.fromInteger(3600);
const STEP_NOTE =
  "the session's billable volume rounded up to a multiple of step_size (see step); the extra is billed at the last period's price";

/** Billable volume of one dimension and the component that priced its last period. */
export interface BillableVolume {
  volume: ExactDecimal;
  lastComponent: CompiledComponent | undefined;
  lastPeriodIndex: number;
}

export function emptyBillable(): BillableVolume {
  return { volume: ExactDecimal.ZERO, lastComponent: undefined, lastPeriodIndex: -1 };
}

/** The step_size adjustment line for one dimension, or undefined when nothing is rounded. */
export function stepAdjustment(billable: BillableVolume, category: CostCategory): RatedLine | undefined {
  const component = billable.lastComponent;
  if (!component || component.stepSize <= 0 || billable.volume.isZero()) return undefined;
  const isEnergy = component.dimension === 'ENERGY';
  // Base units: Wh for energy (kWh × 1000, exact), seconds for time (hours × 3600).
  const sessionVolume = isEnergy ? billable.volume.shift(3) : billable.volume.times(SECONDS_PER_HOUR);
  // OCPI time volumes are decimal hours (0.6667 h = 2400.12 s): the step applies to whole seconds,
  // so a 60 s step bills 40 minutes for that, not 41. Energy in Wh is taken as exact.
  const steppedVolume = isEnergy ? sessionVolume : sessionVolume.roundHalfUp(0);
  const billedVolume = steppedVolume.ceilToMultipleOf(component.stepSize);
  // The periods bill the exact volume; the step only ever adds to it (never below what was given).
  const extra = billedVolume.minus(sessionVolume);
  if (extra.isZero() || extra.isNegative()) return undefined;
  const volume = isEnergy ? extra.shift(-3) : extra.dividedBy(SECONDS_PER_HOUR, INTERNAL_SCALE);
  const costExclVat = isEnergy
    ? volume.times(component.price)
    : extra.times(component.price).dividedBy(SECONDS_PER_HOUR, INTERNAL_SCALE);
  const unit = isEnergy ? 'Wh' : 's';
  return {
    kind: 'step_size',
    category,
    period_index: billable.lastPeriodIndex,
    tariff_id: component.tariffId,
    element_index: component.elementIndex,
    component_index: component.componentIndex,
    dimension: component.dimension,
    volume,
    unit_price: component.price,
    vat_percent: component.vatPercent ?? null,
    cost_excl_vat: costExclVat,
    cost_incl_vat: costExclVat.times(component.vatFactor),
    step: {
      step_size: component.stepSize,
      unit,
      session_volume: sessionVolume,
      billed_volume: billedVolume,
      extra_volume: extra,
    },
    note: STEP_NOTE,
  };
}
