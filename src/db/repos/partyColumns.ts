// The name, address and contact columns issuers and customers share: checked on the way in (each
// error names the field), mapped back to the same shape on the way out.
import { isKnownCurrency } from '../../money/currency';
import { LANGUAGES } from '../migrations/002_invoicing';
import { InvalidRecordError, oneOf, requiredText } from '../values';

export type DocumentLanguage = (typeof LANGUAGES)[number];

export interface PartyFields {
  name: string;
  /** Street and further lines, in print order. */
  addressLines: string[];
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  /** With country prefix, e.g. DE123456789. */
  vatId?: string | null;
  /** National tax number (Steuernummer). */
  taxRegistration?: string | null;
  email?: string | null;
  phone?: string | null;
  /** Language documents and e-mails are written in; default en. */
  language?: DocumentLanguage;
  /** IANA zone for dates on documents; default UTC. */
  timeZone?: string;
  /** ISO 4217. */
  currency: string;
}

export type PartyRecordFields = Required<PartyFields>;

type Row = Record<string, unknown>;

function optionalText(value: string | null | undefined): string | null {
  return value === undefined || value === null || value.trim() === '' ? null : value.trim();
}

export function timeZoneText(field: string, zone: string): string {
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return zone;
  } catch {
    throw new InvalidRecordError(field, `unknown IANA time zone ${JSON.stringify(zone)}`);
  }
}

function matching(field: string, value: string, pattern: RegExp, expected: string): string {
  if (!pattern.test(value))
    throw new InvalidRecordError(field, `expected ${expected}, got ${JSON.stringify(value)}`);
  return value;
}

/** Columns for `party`; `entity` prefixes field names in errors ("customer.country"). */
export function partyColumns(entity: string, party: PartyFields): Row {
  const lines = party.addressLines;
  if (!Array.isArray(lines) || lines.length === 0) {
    throw new InvalidRecordError(`${entity}.addressLines`, 'expected at least the street line');
  }
  lines.forEach((line, i) => requiredText(`${entity}.addressLines[${i}]`, line));
  const currency = requiredText(`${entity}.currency`, party.currency);
  if (!isKnownCurrency(currency)) {
    throw new InvalidRecordError(
      `${entity}.currency`,
      `expected an ISO 4217 code, got ${JSON.stringify(currency)}`,
    );
  }
  return {
    name: requiredText(`${entity}.name`, party.name).trim(),
    address_lines: lines.map((line) => line.trim()),
    postal_code: requiredText(`${entity}.postalCode`, party.postalCode).trim(),
    city: requiredText(`${entity}.city`, party.city).trim(),
    country: matching(`${entity}.country`, party.country, /^[A-Z]{2}$/, 'ISO 3166-1 alpha-2 like "DE"'),
    vat_id: optionalText(party.vatId),
    tax_registration: optionalText(party.taxRegistration),
    email: optionalText(party.email),
    phone: optionalText(party.phone),
    language: oneOf(`${entity}.language`, party.language ?? 'en', LANGUAGES),
    time_zone: timeZoneText(`${entity}.timeZone`, party.timeZone ?? 'UTC'),
    currency,
  };
}

export function partyFieldsOf(row: Row): PartyRecordFields {
  return {
    name: row.name as string,
    addressLines: row.address_lines as string[],
    postalCode: row.postal_code as string,
    city: row.city as string,
    country: row.country as string,
    vatId: row.vat_id as string | null,
    taxRegistration: row.tax_registration as string | null,
    email: row.email as string | null,
    phone: row.phone as string | null,
    language: row.language as DocumentLanguage,
    timeZone: row.time_zone as string,
    currency: row.currency as string,
  };
}
