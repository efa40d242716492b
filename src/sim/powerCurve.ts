// How much a simulated EV draws: constant power up to a state of charge, then a linear taper
// to a minimum at the target (the usual constant-current / constant-voltage shape). Exact decimals.
import Decimal from 'decimal.js';

const D = Decimal.clone({ precision: 40 });
const SECONDS_PER_HOUR = 3600;
/** Resolution of simulated energy: 1 µWh. */
const ENERGY_PLACES = 6;

export interface BatteryModel {
  capacityWh: string;
  startSocPercent: string;
  targetSocPercent: string;
  /** Power drawn below the taper point. */
  maxPowerW: string;
  /** State of charge where the taper begins. */
  taperFromSocPercent: string;
  /** Power drawn at the target; must be above zero so the target is reached. */
  minPowerW: string;
}

export interface ChargeStep {
  /** Seconds since charging began, at the end of this step. */
  endSeconds: number;
  /** Power drawn during the step (W). */
  powerW: Decimal;
  /** Energy delivered during the step (Wh). */
  energyWh: Decimal;
  /** State of charge at the end of the step (%). */
  socPercent: Decimal;
}

export function powerAt(model: BatteryModel, socPercent: Decimal): Decimal {
  const taperFrom = new D(model.taperFromSocPercent);
  const max = new D(model.maxPowerW);
  if (socPercent.lessThanOrEqualTo(taperFrom)) return max;
  const target = new D(model.targetSocPercent);
  const min = new D(model.minPowerW);
  const progress = D.min(1, socPercent.minus(taperFrom).dividedBy(target.minus(taperFrom)));
  return max.minus(max.minus(min).times(progress));
}

/**
 * Charging in steps of `intervalSeconds` until the target state of charge (or `maxSeconds`).
 * Power is held for a step at its value at the step's start; the last step delivers only what the
 * battery still takes.
 */
export function chargeSteps(
  model: BatteryModel,
  intervalSeconds: number,
  maxSeconds = 24 * SECONDS_PER_HOUR,
): ChargeStep[] {
  if (!(intervalSeconds > 0))
    throw new Error(`sample interval must be positive seconds (got ${intervalSeconds})`);
  if (!new D(model.minPowerW).greaterThan(0))
    throw new Error('minPowerW must be above 0 W or the target is never reached');
  const capacity = new D(model.capacityWh);
  const startSoc = new D(model.startSocPercent);
  // Step energies are rounded once, half-up to 1 µWh (ENERGY_PLACES), so sums are exact and the session
  // delivers exactly (target − start) × capacity; SoC is derived from the delivered energy.
  const wanted = new D(model.targetSocPercent).minus(startSoc).times(capacity).dividedBy(100);
  const steps: ChargeStep[] = [];
  let delivered = new D(0);
  for (let end = intervalSeconds; delivered.lessThan(wanted) && end <= maxSeconds; end += intervalSeconds) {
    const powerW = powerAt(model, startSoc.plus(delivered.times(100).dividedBy(capacity)));
    const full = powerW
      .times(intervalSeconds)
      .dividedBy(SECONDS_PER_HOUR)
      .toDecimalPlaces(ENERGY_PLACES, D.ROUND_HALF_UP);
    const energyWh = D.min(wanted.minus(delivered), full);
    delivered = delivered.plus(energyWh);
    steps.push({
      endSeconds: end,
      powerW,
      energyWh,
      socPercent: startSoc.plus(delivered.times(100).dividedBy(capacity)),
    });
  }
  return steps;
}
