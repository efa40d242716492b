// The Eichrecht evidence of a session as the invoice prints and attaches it, read from the CDR's OCPI
// signed_data: every signed value verbatim (for the transparency software), plus the signed start and
// stop readings when the values are OCMF records that can be read.
import { signedStartStop, type SignedMeterReading } from '../cdr/ocmfSignedData';
import { parseOcmf, type OcmfRecord } from '../cdr/ocmf';
import type { SignedMeterData, SignedReading } from '../invoice/types';
import type { Cdr } from '../tariff/types';

function printed(reading: SignedMeterReading | undefined): SignedReading | undefined {
  if (!reading?.reading.value || !reading.reading.unit) return undefined;
  return {
    time: reading.reading.time,
    value: reading.reading.value,
    unit: reading.reading.unit,
    status: reading.reading.status,
  };
}

function ocmfRecords(signedValues: readonly string[]): OcmfRecord[] | undefined {
  try {
    return signedValues.map(parseOcmf);
  } catch {
    return undefined; // not OCMF we can read: attach the raw values only
  }
}

export function signedMeterDataOf(cdr: Cdr): SignedMeterData | undefined {
  const signed = cdr.signed_data;
  const values = (signed?.signed_values ?? []).filter((value) => value.signed_data);
  if (!signed || values.length === 0) return undefined;
  const records =
    signed.encoding_method.toUpperCase() === 'OCMF'
      ? ocmfRecords(values.map((v) => v.signed_data))
      : undefined;
  let readings: { start?: SignedReading; stop?: SignedReading; meterId?: string } = {};
  if (records?.length) {
    try {
      const startStop = signedStartStop(records);
      readings = {
        start: printed(startStop.start),
        stop: printed(startStop.stop),
        meterId: startStop.meterSerial,
      };
    } catch {
      readings = {}; // records of several meters: no readings to print, the raw values still go along
    }
  }
  const meterId = cdr.meter_id ?? readings.meterId;
  return {
    format: signed.encoding_method,
    ...(meterId !== undefined && { meterId }),
    ...(signed.public_key !== undefined && { publicKey: signed.public_key }),
    ...(readings.start && { start: readings.start }),
    ...(readings.stop && { stop: readings.stop }),
    values: values.map((value) => ({ context: value.nature || 'Signed', signedData: value.signed_data })),
  };
}
