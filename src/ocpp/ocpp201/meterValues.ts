// OCPP 2.0.1 MeterValue[] → MeterSample[]. Values are JSON numbers on the wire; each is read back as
// the decimal text the charger sent (exact up to 15 significant digits, see jsonNumberText).
import type { MeterSample } from '../../session/types';
import { jsonNumberText } from '../decimalText';
import { ENERGY_REGISTER, samplesOf, type SampledReading } from '../meterSample';
import type { MeterValue201, SampledValue201 } from './messages';

function toReading(value: SampledValue201, path: string): SampledReading {
  const reading: SampledReading = {
    path,
    measurand: value.measurand ?? ENERGY_REGISTER,
    value: jsonNumberText(value.value),
    unit: value.unitOfMeasure?.unit,
    multiplier: value.unitOfMeasure?.multiplier,
    phase: value.phase,
    location: value.location,
    context: value.context,
  };
  const signed = value.signedMeterValue;
  if (signed) reading.signed = { data: signed.signedMeterData, format: signed.encodingMethod };
  return reading;
}

/** `field` names the array in the message ("meterValue", "transactionData") for error paths. */
export function samplesFrom201(meterValues: MeterValue201[], field: string): MeterSample[] {
  return samplesOf(meterValues, field, toReading);
}
