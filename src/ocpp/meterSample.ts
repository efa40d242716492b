// One OCPP MeterValue (whatever the version) → one protocol-neutral MeterSample.
// Only the measurands billing uses are kept; each becomes an exact decimal string in its base unit.
import type { MeterSample } from '../session/types';
import { invalidValue } from './callErrors';
import { MeterDecimal, parseDecimalText, plainDecimal } from './decimalText';

/** A sampled value as both OCPP versions describe it, with the version's defaults already applied. */
export interface SampledReading {
  /** Where the value sits in the message, for error messages ("meterValue[0].sampledValue[2]"). */
  path: string;
  measurand: string;
  /** Decimal text; absent when the reading is only a signed blob (OCPP 1.6 format "SignedData"). */
  value?: string;
  /** As sent; absent means the measurand's base unit. */
  unit?: string;
  /** Power of ten the value is scaled by (OCPP 2.0.1 unitOfMeasure.multiplier). */
  multiplier?: number;
  phase?: string;
  location?: string;
  context?: string;
  signed?: { data: string; format: string };
}

export const ENERGY_REGISTER = 'Energy.Active.Import.Register';
const POWER = 'Power.Active.Import';
const CURRENT = 'Current.Import';
const SOC = 'SoC';

type SampleField = 'energyWh' | 'powerW' | 'currentA' | 'socPercent';

interface MeasurandRule {
  field: SampleField;
  /** Accepted units and the factor to the base unit. */
  units: Readonly<Record<string, number>>;
  baseUnit: string;
  /** How per-phase values combine when no total is given. */
  phases: 'sum' | 'max' | 'none';
}

const RULES: Readonly<Record<string, MeasurandRule>> = {
  [ENERGY_REGISTER]: { field: 'energyWh', units: { Wh: 1, kWh: 1000 }, baseUnit: 'Wh', phases: 'sum' },
  [POWER]: { field: 'powerW', units: { W: 1, kW: 1000 }, baseUnit: 'W', phases: 'sum' },
  // Current is billed (OCPI max_current) as the highest phase, not a sum.
  [CURRENT]: { field: 'currentA', units: { A: 1 }, baseUnit: 'A', phases: 'max' },
  [SOC]: { field: 'socPercent', units: { Percent: 1 }, baseUnit: 'Percent', phases: 'none' },
};

// Line-to-neutral phases carry a share of the total; neutral and line-to-line readings do not.
const LINE_PHASES = new Set(['L1', 'L2', 'L3', 'L1-N', 'L2-N', 'L3-N']);
// The meter billing trusts sits at the outlet (OCPP's default location); the inlet is the fallback.
const LOCATION_PREFERENCE = ['Outlet', 'Inlet'];

/**
 * Values beyond these are not meter readings but garbage that would make absurd strings. 20 places
 * keep every digit of a 2.0.1 JSON number (a double carries at most 17 significant digits), so float
 * noise from a charger (0.30000000000000004 kWh) passes unrounded: rounding is the CDR's business.
 */
const IMPLAUSIBLY_LARGE = new MeterDecimal('1e15');
const MAX_DECIMAL_PLACES = 20;

/** The reading in its measurand's base unit, after checking it can be true. */
function readingValue(reading: SampledReading, rule: MeasurandRule): MeterDecimal {
  const text = reading.value ?? '';
  const parsed = parseDecimalText(text);
  if (!parsed) throw invalidValue(`${reading.path}.value`, `"${text}" is not a decimal number`);
  const unit = reading.unit ?? rule.baseUnit;
  const factor = rule.units[unit];
  if (factor === undefined) {
    throw invalidValue(
      `${reading.path}.unit`,
      `"${unit}" is not a unit of ${reading.measurand} (${Object.keys(rule.units).join(', ')})`,
    );
  }
  const inBaseUnit = factor === 1 ? parsed : parsed.times(factor);
  const value = reading.multiplier ? inBaseUnit.times(`1e${reading.multiplier}`) : inBaseUnit; // exact power of ten
  if (value.isNegative() && !value.isZero())
    throw invalidValue(`${reading.path}.value`, `${reading.measurand} cannot be negative (${text})`);
  if (rule.field === 'socPercent' && value.greaterThan(100))
    throw invalidValue(`${reading.path}.value`, `SoC cannot exceed 100% (${text})`);
  if (value.abs().greaterThanOrEqualTo(IMPLAUSIBLY_LARGE) || value.decimalPlaces() > MAX_DECIMAL_PLACES) {
    throw invalidValue(
      `${reading.path}.value`,
      `${text} ${unit} is not a plausible ${reading.measurand} reading`,
    );
  }
  return value;
}

function pickLocation(readings: SampledReading[], rule: MeasurandRule): SampledReading[] {
  if (rule.field === 'socPercent') return readings; // the EV reports its own state of charge
  const located = (location: string) => readings.filter((r) => (r.location ?? 'Outlet') === location);
  return LOCATION_PREFERENCE.map(located).find((found) => found.length > 0) ?? [];
}

/** One value per (phase) slot; the same slot twice with different values is a contradiction. */
function valuesByPhase(readings: SampledReading[], rule: MeasurandRule): Map<string, MeterDecimal> {
  const byPhase = new Map<string, MeterDecimal>();
  for (const reading of readings) {
    const phase = reading.phase ?? '';
    const value = readingValue(reading, rule);
    const earlier = byPhase.get(phase);
    if (earlier && !earlier.equals(value)) {
      throw invalidValue(
        reading.path,
        `a second ${reading.measurand}${phase ? ` (${phase})` : ''} reading in the same meter value disagrees (${plainDecimal(earlier)} vs ${plainDecimal(value)})`,
      );
    }
    byPhase.set(phase, value);
  }
  return byPhase;
}

function combine(byPhase: Map<string, MeterDecimal>, rule: MeasurandRule): MeterDecimal | undefined {
  const total = byPhase.get('');
  const lines = [...byPhase].filter(([phase]) => LINE_PHASES.has(phase)).map(([, value]) => value);
  if (rule.phases === 'max') {
    const candidates = total ? [total, ...lines] : lines;
    return candidates.length ? MeterDecimal.max(...candidates) : undefined;
  }
  if (total || rule.phases === 'none' || !lines.length) return total;
  return lines.reduce((sum, value) => sum.plus(value), new MeterDecimal(0));
}

function signedReading(readings: SampledReading[]): SampledReading['signed'] {
  const signed = readings.filter((r) => r.signed);
  return (signed.find((r) => r.measurand === ENERGY_REGISTER) ?? signed[0])?.signed;
}

/**
 * The sample of one metering instant, or undefined when it holds nothing billing uses
 * (only voltage, temperature, …). Throws a PropertyConstraintViolation naming the field for
 * a value that cannot be true.
 */
export function toMeterSample(timestamp: string, readings: SampledReading[]): MeterSample | undefined {
  const sample: MeterSample = { timestamp };
  for (const [measurand, rule] of Object.entries(RULES)) {
    const numeric = readings.filter((r) => r.measurand === measurand && r.value !== undefined);
    const value = combine(valuesByPhase(pickLocation(numeric, rule), rule), rule);
    if (value) sample[rule.field] = plainDecimal(value);
  }
  const signed = signedReading(readings);
  if (signed) {
    sample.signedData = signed.data;
    sample.signedFormat = signed.format;
  }
  if (Object.keys(sample).length === 1) return undefined;
  const contextOf = readings.find((r) => r.measurand === ENERGY_REGISTER) ?? readings[0];
  sample.context = contextOf?.context ?? 'Sample.Periodic';
  return sample;
}

/**
 * The samples of a MeterValue array, one per metering instant that holds something billing uses.
 * `field` names the array in the message ("meterValue", "transactionData") for error paths.
 */
export function samplesOf<Value>(
  meterValues: { timestamp: string; sampledValue: Value[] }[],
  field: string,
  toReading: (value: Value, path: string) => SampledReading,
): MeterSample[] {
  return meterValues.flatMap((meterValue, i) => {
    const readings = meterValue.sampledValue.map((value, j) =>
      toReading(value, `${field}[${i}].sampledValue[${j}]`),
    );
    const sample = toMeterSample(meterValue.timestamp, readings);
    return sample ? [sample] : [];
  });
}
