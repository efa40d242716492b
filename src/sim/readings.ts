// The sampled values a simulated meter reports for one MeterSample, before each OCPP version
// wraps them in its own message shape.
import Decimal from 'decimal.js';
import type { MeterSample } from '../session/types';

export type EnergyUnit = 'Wh' | 'kWh';

export interface SimSampledValue {
  measurand: string;
  /** Decimal text in `unit`. */
  value: string;
  unit: string;
  location?: string;
}

export const ENERGY_REGISTER = 'Energy.Active.Import.Register';

export function sampledValuesOf(sample: MeterSample, energyUnit: EnergyUnit): SimSampledValue[] {
  const values: SimSampledValue[] = [];
  if (sample.energyWh !== undefined) {
    const value =
      energyUnit === 'kWh' ? new Decimal(sample.energyWh).dividedBy(1000).toFixed() : sample.energyWh;
    values.push({ measurand: ENERGY_REGISTER, value, unit: energyUnit });
  }
  if (sample.powerW !== undefined)
    values.push({ measurand: 'Power.Active.Import', value: sample.powerW, unit: 'W' });
  if (sample.currentA !== undefined)
    values.push({ measurand: 'Current.Import', value: sample.currentA, unit: 'A' });
  if (sample.socPercent !== undefined)
    values.push({ measurand: 'SoC', value: sample.socPercent, unit: 'Percent', location: 'EV' });
  return values;
}
