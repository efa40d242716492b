// OCPP 1.6 MeterValue[] → MeterSample[]. Values are decimal strings on the wire already.
import type { MeterSample } from '../../session/types';
import { ENERGY_REGISTER, samplesOf, type SampledReading } from '../meterSample';
import type { MeterValue16, SampledValue16 } from './messages';

const OCMF_PREFIX = 'OCMF|';

/** 1.6 does not name the encoding of signed data; OCMF announces itself, anything else stays "SignedData". */
export function signedFormatOf(data: string): string {
  return data.startsWith(OCMF_PREFIX) ? 'OCMF' : 'SignedData';
}

function toReading(value: SampledValue16, path: string): SampledReading {
  const reading: SampledReading = {
    path,
    measurand: value.measurand ?? ENERGY_REGISTER,
    unit: value.unit,
    phase: value.phase,
    location: value.location,
    context: value.context,
  };
  if (value.format === 'SignedData')
    reading.signed = { data: value.value, format: signedFormatOf(value.value) };
  else reading.value = value.value;
  return reading;
}

/** `field` names the array in the message ("meterValue", "transactionData") for error paths. */
export function samplesFrom16(meterValues: MeterValue16[], field: string): MeterSample[] {
  return samplesOf(meterValues, field, toReading);
}
