// The lines of a DATEV-Format Buchungsstapel file: the EXTF header line (header version 700, data
// category 21 "Buchungsstapel", format version 13), the column line, and one line per booking.
// Fields are separated by ";", text fields are quoted ("" inside), amounts have a decimal comma and
// no sign (the Soll/Haben-Kennzeichen carries it), Belegdatum is DDMM (the year comes from the
// header's range). Lines end with CRLF; the file is Windows-1252 (see windows1252.ts).
import { DateTime } from 'luxon';
import { ExportInputError } from '../exportErrors';
import type { DatevBooking } from './datevBookings';
import { DATEV_COLUMN, DATEV_COLUMNS } from './datevColumns';
import type { ResolvedDatevSettings } from './datevSettings';
import { windows1252Text } from './windows1252';

export const DATEV_LINE_END = '\r\n';
export const DATEV_HEADER_VERSION = 700;
export const DATEV_CATEGORY_BOOKINGS = 21;
export const DATEV_FORMAT_VERSION = 13;

/** A quoted text field of at most `max` characters, in characters Windows-1252 can hold. */
function text(value: string, max: number): string {
  const clean = windows1252Text(value.replace(/[\r\n;]+/g, ' ').trim()).slice(0, max);
  return `"${clean.replace(/"/g, '""')}"`;
}

const compact = (isoDate: string) => isoDate.replace(/-/g, '');
const dayMonth = (isoDate: string) => `${isoDate.slice(8, 10)}${isoDate.slice(5, 7)}`;
const dayMonthYear = (isoDate: string) => `${dayMonth(isoDate)}${isoDate.slice(0, 4)}`;

/** The header line: who the batch is for, the fiscal year, the date range it covers. */
export function datevHeaderLine(
  settings: ResolvedDatevSettings,
  range: { from: string; to: string },
  fiscalYearStart: string,
): string {
  const created = DateTime.fromJSDate(settings.createdAt, { zone: 'Europe/Berlin' }).toFormat(
    'yyyyMMddHHmmssSSS',
  );
  return [
    '"EXTF"',
    DATEV_HEADER_VERSION,
    DATEV_CATEGORY_BOOKINGS,
    '"Buchungsstapel"',
    DATEV_FORMAT_VERSION,
    created,
    '', // imported (set by DATEV)
    '"RE"', // origin: invoicing
    text('chargeledger', 25), // exported by
    '', // imported by
    settings.consultantNumber,
    settings.clientNumber,
    compact(fiscalYearStart),
    settings.accountLength,
    compact(range.from),
    compact(range.to),
    text(settings.batchName, 30),
    '', // dictation initials
    1, // booking type: financial accounting
    0, // accounting purpose: independent of purpose
    settings.lockBookings ? 1 : 0,
    text(settings.currency, 3),
    '', // reserved
    '', // derivatives flag
    '', // reserved
    '', // reserved
    `"${settings.chartOfAccounts}"`,
    '', // industry solution id
    '', // reserved
    '', // reserved
    '', // application information
  ].join(';');
}

export function datevColumnLine(): string {
  return DATEV_COLUMNS.join(';');
}

const DOCUMENT_NUMBER = /^[A-Za-z0-9$&%*+\-/]{1,36}$/;

export function datevBookingLine(booking: DatevBooking): string {
  if (!DOCUMENT_NUMBER.test(booking.documentNumber)) {
    throw new ExportInputError([
      {
        path: 'Belegfeld 1',
        message: `DATEV allows up to 36 of A-Z a-z 0-9 $ & % * + - / in a document number, got ${JSON.stringify(booking.documentNumber)}`,
      },
    ]);
  }
  const fields: string[] = new Array<string>(DATEV_COLUMNS.length).fill('');
  fields[DATEV_COLUMN.amount] = booking.amount.abs().toFixed(2).replace('.', ',');
  fields[DATEV_COLUMN.debitCredit] = booking.amount.isNegative() ? '"H"' : '"S"';
  fields[DATEV_COLUMN.currency] = text(booking.currency, 3);
  fields[DATEV_COLUMN.account] = booking.account;
  fields[DATEV_COLUMN.contraAccount] = booking.contraAccount;
  if (booking.taxKey) fields[DATEV_COLUMN.taxKey] = `"${booking.taxKey}"`;
  fields[DATEV_COLUMN.documentDate] = dayMonth(booking.documentDate);
  fields[DATEV_COLUMN.documentNumber] = `"${booking.documentNumber}"`;
  fields[DATEV_COLUMN.text] = text(booking.text, 60);
  if (booking.euVatId) fields[DATEV_COLUMN.euVatId] = text(booking.euVatId, 15);
  fields[DATEV_COLUMN.serviceDate] = dayMonthYear(booking.serviceDate);
  return fields.join(';');
}
