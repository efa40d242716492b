// Open Charge Metering Format (OCMF, SAFE e.V., revision 1.2): signed meter readings required by German
// calibration law (Eichrecht). A record is `OCMF|{payload}|{signature}`: the payload names the gateway,
// the meter (MS serial), the user assignment and one or more readings (RD: TM time, TX reason, RV value,
// RU unit, ST meter status, …); the signature section holds SD, the signature over the payload text.
//
// This parser reads a record exactly: reading values keep their written digits, readings inherit omitted
// fields from the reading before (as the format specifies), and anything malformed is an error naming the
// field. Verifying the signature (ECDSA over the payload) is out of scope here: it needs the meter's
// public key and a crypto library, neither of which belongs in pure workflow code.
import { decimalOrUndefined } from '../session/decimal';
import { formatInstant, instantOrUndefined } from '../session/instant';
import { JsonNumberText, parseJsonKeepingNumberText } from './numberPreservingJson';
import { unwrapOcmf } from './signedEnvelope';

export interface OcmfReading {
  /** Reading time as an ISO 8601 UTC instant. */
  time: string;
  /** TM as the meter wrote it, e.g. "2018-07-24T13:22:04,000+0200 S". */
  timeText: string;
  /** Clock synchronisation: U unknown, I informative, S synchronised, R relative (legally accurate). */
  timeSync?: string;
  /** TX: B begin, C charging, X exception, E/L/R/A/P end (locally, remotely, abort, power loss), S suspended, T tariff change. */
  transaction?: string;
  /** RV exactly as written (absent when the reading only signals an error event). */
  value?: string;
  /** RU, e.g. "kWh" or "Wh". */
  unit?: string;
  /** RI: OBIS code of the quantity, e.g. "1-b:1.8.0". */
  obis?: string;
  /** RT: "AC" or "DC". */
  currentType?: string;
  /** CL: cumulated cable loss, in RU. */
  cumulatedLoss?: string;
  /** EF: quantities no longer usable for billing ("E" energy, "t" time). */
  errorFlags?: string;
  /** ST: meter status, "G" when working correctly. */
  status: string;
}

export interface OcmfRecord {
  /** The whole record as parsed (after unwrapping hex/base64). */
  text: string;
  /** The signed payload section, verbatim. */
  payloadText: string;
  signatureText: string;
  formatVersion?: string;
  gateway: { identification?: string; serial?: string; version?: string };
  /** PG, e.g. "T12345" (transaction context) or "F…" (fiscal). */
  pagination: string;
  meter: { vendor?: string; model?: string; serial: string; firmware?: string };
  /** User assignment; present when the record refers to a transaction. */
  identification?: {
    status: boolean;
    level?: string;
    flags: string[];
    type?: string;
    data?: string;
    tariffText?: string;
  };
  chargePoint?: { type?: string; id?: string };
  readings: OcmfReading[];
  signature: { algorithm?: string; encoding?: string; mimeType?: string; data: string };
}

export class OcmfParseError extends Error {
  override name = 'OcmfParseError';
}

type JsonObject = Record<string, unknown>;

function fail(path: string, problem: string): never {
  throw new OcmfParseError(`OCMF ${path}: ${problem}`);
}

function asObject(value: unknown, path: string): JsonObject {
  if (
    typeof value !== 'object' ||
    value === null ||
    Array.isArray(value) ||
    value instanceof JsonNumberText
  ) {
    fail(path, 'expected a JSON object');
  }
  return value as JsonObject;
}

function optionalString(object: JsonObject, key: string, path: string): string | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string') fail(`${path}.${key}`, `expected a string, got ${describe(value)}`);
  return value;
}

function requiredString(object: JsonObject, key: string, path: string): string {
  return optionalString(object, key, path) ?? fail(`${path}.${key}`, 'required field is missing');
}

function optionalNumberText(object: JsonObject, key: string, path: string): string | undefined {
  const value = object[key];
  if (value === undefined) return undefined;
  if (!(value instanceof JsonNumberText))
    fail(`${path}.${key}`, `expected a JSON number, got ${describe(value)}`);
  return value.text;
}

function describe(value: unknown): string {
  return value instanceof JsonNumberText ? `number ${value.text}` : JSON.stringify(value);
}

function parseSection(text: string, path: string): JsonObject {
  let parsed: unknown;
  try {
    parsed = parseJsonKeepingNumberText(text);
  } catch (error) {
    fail(path, `not valid JSON (${(error as Error).message})`);
  }
  return asObject(parsed, path);
}

// "2018-07-24T13:22:04,000+0200 S": ISO 8601 with comma (or dot) milliseconds, ±hhmm offset, sync flag.
const OCMF_TIME =
  /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:[,.](\d{1,9}))?(Z|[+-]\d{2}:?\d{2})(?:\s+([A-Z]))?$/;

function parseTime(text: string, path: string): { time: string; timeSync?: string } {
  const match = OCMF_TIME.exec(text.trim());
  const offset = match?.[3] === 'Z' ? 'Z' : match?.[3].replace(/^([+-]\d{2}):?(\d{2})$/, '$1:$2');
  const fraction = match?.[2] ? `.${match[2].slice(0, 3).padEnd(3, '0')}` : '';
  const ms = match ? instantOrUndefined(`${match[1]}${fraction}${offset}`) : undefined;
  if (ms === undefined)
    fail(path, `not an OCMF time ("YYYY-MM-DDThh:mm:ss,fff+hhmm S"), got ${JSON.stringify(text)}`);
  return { time: formatInstant(ms), ...(match![4] && { timeSync: match![4] }) };
}

/** Fields a reading takes over from the reading before when it omits them (OCMF: "fields that have an
 *  identical value to the previous reading are omitted"). Per-reading values (TM, RV, CL) never are. */
const INHERITED = ['transaction', 'obis', 'unit', 'currentType', 'errorFlags', 'status'] as const;

function parseReadings(payload: JsonObject): OcmfReading[] {
  const list = payload.RD;
  if (!Array.isArray(list) || list.length === 0) fail('payload.RD', 'expected a non-empty array of readings');
  const readings: OcmfReading[] = [];
  list.forEach((item, i) => {
    const path = `payload.RD[${i}]`;
    const raw = asObject(item, path);
    const timeText = requiredString(raw, 'TM', path);
    const own: Partial<OcmfReading> = {
      ...parseTime(timeText, `${path}.TM`),
      timeText,
      transaction: optionalString(raw, 'TX', path),
      value: optionalNumberText(raw, 'RV', path),
      unit: optionalString(raw, 'RU', path),
      obis: optionalString(raw, 'RI', path),
      currentType: optionalString(raw, 'RT', path),
      cumulatedLoss: optionalNumberText(raw, 'CL', path),
      errorFlags: optionalString(raw, 'EF', path),
      status: optionalString(raw, 'ST', path),
    };
    const previous = readings[readings.length - 1];
    for (const field of INHERITED)
      if (own[field] === undefined && previous?.[field] !== undefined) own[field] = previous[field];
    if (own.status === undefined) fail(`${path}.ST`, 'required field is missing');
    if (own.value !== undefined && own.unit === undefined)
      fail(`${path}.RU`, 'a reading value needs its unit');
    const reading = Object.fromEntries(Object.entries(own).filter(([, value]) => value !== undefined));
    readings.push(reading as unknown as OcmfReading);
  });
  return readings;
}

function parseIdentification(payload: JsonObject): OcmfRecord['identification'] {
  if (payload.IS === undefined) return undefined;
  if (typeof payload.IS !== 'boolean')
    fail('payload.IS', `expected true or false, got ${describe(payload.IS)}`);
  const flags = payload.IF ?? [];
  if (!Array.isArray(flags) || flags.some((flag) => typeof flag !== 'string')) {
    fail('payload.IF', `expected an array of strings, got ${describe(flags)}`);
  }
  return {
    status: payload.IS,
    level: optionalString(payload, 'IL', 'payload'),
    flags: flags as string[],
    type: optionalString(payload, 'IT', 'payload'),
    data: optionalString(payload, 'ID', 'payload'),
    tariffText: optionalString(payload, 'TT', 'payload'),
  };
}

/** Parses one OCMF record, given as plain text, hex or base64. */
export function parseOcmf(signedData: string): OcmfRecord {
  const text = unwrapOcmf(signedData);
  if (text === undefined) fail('record', 'does not start with "OCMF|" (plain, hex or base64)');
  const sections = text.split('|');
  if (sections.length !== 3)
    fail('record', `expected "OCMF|{payload}|{signature}", found ${sections.length} sections`);
  const [, payloadText, signatureText] = sections;
  const payload = parseSection(payloadText, 'payload');
  const signature = parseSection(signatureText, 'signature');
  const chargePoint = {
    type: optionalString(payload, 'CT', 'payload'),
    id: optionalString(payload, 'CI', 'payload'),
  };
  return {
    text,
    payloadText,
    signatureText,
    formatVersion: optionalString(payload, 'FV', 'payload'),
    gateway: {
      identification: optionalString(payload, 'GI', 'payload'),
      serial: optionalString(payload, 'GS', 'payload'),
      version: optionalString(payload, 'GV', 'payload'),
    },
    pagination: requiredString(payload, 'PG', 'payload'),
    meter: {
      vendor: optionalString(payload, 'MV', 'payload'),
      model: optionalString(payload, 'MM', 'payload'),
      serial: requiredString(payload, 'MS', 'payload'),
      firmware: optionalString(payload, 'MF', 'payload'),
    },
    identification: parseIdentification(payload),
    ...(chargePoint.type !== undefined || chargePoint.id !== undefined ? { chargePoint } : {}),
    readings: parseReadings(payload),
    signature: {
      algorithm: optionalString(signature, 'SA', 'signature'),
      encoding: optionalString(signature, 'SE', 'signature'),
      mimeType: optionalString(signature, 'SM', 'signature'),
      data: requiredString(signature, 'SD', 'signature'),
    },
  };
}

/** The reading's energy register in Wh (exact), when it is an energy reading in kWh or Wh. */
export function readingEnergyWh(reading: OcmfReading): string | undefined {
  const value = decimalOrUndefined(reading.value);
  if (value === undefined) return undefined;
  if (reading.unit === 'kWh') return value.times(1000).toString();
  if (reading.unit === 'Wh') return value.toString();
  return undefined;
}
