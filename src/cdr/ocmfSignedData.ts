// What a session's OCMF records mean for billing: the signed start and stop readings an invoice shows under
// calibration law, and the OCPI 2.2.1 CDR signed_data that lets the eMSP and the driver check them with
// the transparency software.
import { Dec } from '../session/decimal';
import type { MeterSample } from '../session/types';
import type { SignedData, SignedValue } from '../tariff/types';
import { OcmfParseError, parseOcmf, readingEnergyWh, type OcmfReading, type OcmfRecord } from './ocmf';

/** TX codes that end a transaction: E, or the more precise L(ocal), R(emote), A(bort), P(ower loss). */
const END_CODES: ReadonlySet<string> = new Set(['E', 'L', 'R', 'A', 'P']);

export interface SignedMeterReading {
  reading: OcmfReading;
  /** The register in Wh (exact decimal text). */
  energyWh: string;
  /** PG of the record the reading came from. */
  pagination: string;
  /** Billable under calibration law: meter status G (good) and energy not flagged unusable (EF). */
  usable: boolean;
}

export interface SignedSessionReadings {
  meterSerial: string;
  start?: SignedMeterReading;
  stop?: SignedMeterReading;
  /** Signed energy of the session (stop − start, Wh), when both readings are there and usable. */
  energyWh?: string;
}

function signedReading(record: OcmfRecord, reading: OcmfReading): SignedMeterReading | undefined {
  const energyWh = readingEnergyWh(reading);
  if (energyWh === undefined) return undefined;
  const usable = reading.status === 'G' && !(reading.errorFlags ?? '').includes('E');
  return { reading, energyWh, pagination: record.pagination, usable };
}

/**
 * The signed start (TX "B") and stop (TX E/L/R/A/P) readings of one session, from a single record holding
 * both or from separate records. All records must come from one meter.
 */
export function signedStartStop(records: readonly OcmfRecord[]): SignedSessionReadings {
  if (records.length === 0) throw new OcmfParseError('OCMF records: none given');
  const meterSerial = records[0].meter.serial;
  records.forEach((record, i) => {
    if (record.meter.serial !== meterSerial) {
      throw new OcmfParseError(
        `OCMF records[${i}].payload.MS: meter ${record.meter.serial} differs from ${meterSerial}`,
      );
    }
  });
  let start: SignedMeterReading | undefined;
  let stop: SignedMeterReading | undefined;
  for (const record of records) {
    for (const reading of record.readings) {
      if (reading.transaction === 'B') start ??= signedReading(record, reading);
      if (reading.transaction && END_CODES.has(reading.transaction))
        stop = signedReading(record, reading) ?? stop;
    }
  }
  const energyWh =
    start?.usable && stop?.usable ? new Dec(stop.energyWh).minus(start.energyWh).toString() : undefined;
  return { meterSerial, start, stop, energyWh };
}

/** OCPI SignedValue nature of a record: the record that ends the transaction is "End" (also when it holds
 *  the start reading too), one with the begin reading "Start", any other "Intermediate". */
function natureOf(record: OcmfRecord): string {
  const codes = record.readings.map((reading) => reading.transaction ?? '');
  if (codes.some((code) => END_CODES.has(code))) return 'End';
  if (codes.includes('B')) return 'Start';
  return 'Intermediate';
}

/**
 * OCPI 2.2.1 signed_data for the CDR. Each record becomes one signed value: plain_data is the signed
 * payload section and signed_data the whole OCMF record, verbatim, which is what transparency software
 * verifies. Both are evidence and are never shortened, even where a record exceeds OCPI's string lengths.
 */
export function ocmfSignedData(
  records: readonly OcmfRecord[],
  options: { publicKey?: string; url?: string } = {},
): SignedData {
  if (records.length === 0) throw new OcmfParseError('OCMF records: none given');
  const signedValues: SignedValue[] = records.map((record) => ({
    nature: natureOf(record),
    plain_data: record.payloadText,
    signed_data: record.text,
  }));
  return {
    encoding_method: 'OCMF',
    ...(options.publicKey !== undefined && { public_key: options.publicKey }),
    signed_values: signedValues,
    ...(options.url !== undefined && { url: options.url }),
  };
}

export interface SampleOcmfRecords {
  records: OcmfRecord[];
  /** Samples whose signed data is not a readable OCMF record, with the parser's reason. */
  rejected: { index: number; reason: string }[];
}

/** The OCMF records carried by a session's samples, in sample order, each distinct record once. */
export function ocmfRecordsOfSamples(samples: readonly MeterSample[]): SampleOcmfRecords {
  const records: OcmfRecord[] = [];
  const rejected: SampleOcmfRecords['rejected'] = [];
  const seen = new Set<string>();
  samples.forEach((sample, index) => {
    if (sample.signedData === undefined) return;
    try {
      const record = parseOcmf(sample.signedData);
      if (seen.has(record.text)) return;
      seen.add(record.text);
      records.push(record);
    } catch (error) {
      if (!(error instanceof OcmfParseError)) throw error;
      rejected.push({ index, reason: error.message });
    }
  });
  return { records, rejected };
}
