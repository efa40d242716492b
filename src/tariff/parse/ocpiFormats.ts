// Content checks for OCPI string formats, returning a message when the text is wrong.
import { isKnownCurrency } from '../../money/currency';
import { parseInstant } from '../time/instant';
import { parseLocalDate, parseTimeOfDay } from '../time/localFormats';

export function checkDateTime(text: string): string | undefined {
  return parseInstant(text) === undefined
    ? `${JSON.stringify(text)} is not an OCPI DateTime (RFC 3339, e.g. "2015-06-29T20:39:09Z")`
    : undefined;
}

export function checkTimeOfDay(text: string): string | undefined {
  return parseTimeOfDay(text) === undefined
    ? `${JSON.stringify(text)} is not a time of day "HH:MM" (00:00 to 23:59, leading zeros)`
    : undefined;
}

export function checkLocalDate(text: string): string | undefined {
  return parseLocalDate(text) === undefined
    ? `${JSON.stringify(text)} is not a calendar date "YYYY-MM-DD"`
    : undefined;
}

/** ISO 4217 code; lower case is accepted here (the linter flags it) because the code itself is clear. */
export function checkCurrency(text: string): string | undefined {
  return isKnownCurrency(text.toUpperCase())
    ? undefined
    : `${JSON.stringify(text)} is not an ISO 4217 currency code (e.g. EUR, USD, GBP)`;
}
