// A CDR received from a partner, checked strictly: the rating schema of src/tariff (periods, tariffs,
// dates, currency) plus everything else OCPI 2.2.1 mod_cdrs requires of a final CDR: identity, token,
// location, totals, and the credit rules (a credit CDR references the CDR it credits and carries a
// negative total_cost; any other CDR does neither).
import { CONNECTOR_FORMATS, POWER_TYPES } from '../../db/migrations/001_core';
import { MONEY_TOTALS } from '../../tariff';
import { childPath, type InputIssue } from '../../tariff/parse/issues';
import { validateCdr } from '../../tariff/parse/parseDocuments';
import { objectOf, oneOf, stringOf } from '../../tariff/parse/schema';
import type { Cdr } from '../../tariff/types';
import { invalidParameters } from '../envelope';
import { TOKEN_TYPES } from './tokenSchema';
import { COUNTRY_CODE, PARTY_ID, firstErrorMessage, pattern, strictIssues } from './strictObject';

const cdrToken = objectOf('CdrToken', {
  country_code: { check: stringOf({ validate: COUNTRY_CODE }), required: 'error' },
  party_id: { check: stringOf({ validate: PARTY_ID }), required: 'error' },
  uid: { check: stringOf({ maxLength: 36 }), required: 'error' },
  type: { check: oneOf(TOKEN_TYPES), required: 'error' },
  contract_id: { check: stringOf({ maxLength: 36 }), required: 'error' },
});

const geoLocation = objectOf('GeoLocation', {
  latitude: {
    check: stringOf({ validate: pattern(/^-?[0-9]{1,2}\.[0-9]{5,7}$/, 'a latitude like "51.047599"') }),
    required: 'error',
  },
  longitude: {
    check: stringOf({ validate: pattern(/^-?[0-9]{1,3}\.[0-9]{5,7}$/, 'a longitude like "3.729944"') }),
    required: 'error',
  },
});

const cdrLocation = objectOf('CdrLocation', {
  id: { check: stringOf({ maxLength: 36 }), required: 'error' },
  name: { check: stringOf({ maxLength: 255 }) },
  address: { check: stringOf({ maxLength: 45 }), required: 'error' },
  city: { check: stringOf({ maxLength: 45 }), required: 'error' },
  postal_code: { check: stringOf({ maxLength: 10 }) },
  state: { check: stringOf({ maxLength: 20 }) },
  country: {
    check: stringOf({ validate: pattern(/^[A-Z]{3}$/, 'an ISO 3166-1 alpha-3 country code') }),
    required: 'error',
  },
  coordinates: { check: geoLocation, required: 'error' },
  evse_uid: { check: stringOf({ maxLength: 36 }), required: 'error' },
  evse_id: { check: stringOf({ maxLength: 48 }), required: 'error' },
  connector_id: { check: stringOf({ maxLength: 36 }), required: 'error' },
  connector_standard: { check: stringOf(), required: 'error' },
  connector_format: { check: oneOf(CONNECTOR_FORMATS), required: 'error' },
  connector_power_type: { check: oneOf(POWER_TYPES), required: 'error' },
});

/** Totals OCPI requires of every CDR (rating treats them as outputs, so the base schema does not). */
const REQUIRED_TOTALS = ['total_cost', 'total_energy', 'total_time'] as const;

function error(issues: InputIssue[], path: string, message: string): void {
  issues.push({ severity: 'error', code: 'invalid_value', path, message });
}

function ocpiRules(cdr: Record<string, unknown>, issues: InputIssue[]): void {
  if (typeof cdr !== 'object' || cdr === null || Array.isArray(cdr)) return;
  if (cdr.cdr_token !== undefined) cdrToken(cdr.cdr_token, 'cdr_token', issues);
  if (cdr.cdr_location !== undefined) cdrLocation(cdr.cdr_location, 'cdr_location', issues);
  for (const total of REQUIRED_TOTALS) {
    if (cdr[total] === undefined) {
      issues.push({
        severity: 'error',
        code: 'required_field',
        path: total,
        message: 'required field of CDR is missing',
      });
    }
  }
  const credit = cdr.credit === true;
  if (credit && cdr.credit_reference_id === undefined) {
    error(issues, 'credit_reference_id', 'a credit CDR must name the CDR it credits');
  }
  if (!credit && cdr.credit_reference_id !== undefined) {
    error(issues, 'credit_reference_id', 'only a credit CDR (credit: true) references another CDR');
  }
  if (!credit && typeof cdr.id === 'string' && cdr.id.length > 36) {
    error(issues, 'id', 'a CDR that is not a credit CDR has at most 36 characters');
  }
  for (const total of MONEY_TOTALS) {
    const price = cdr[total] as { excl_vat?: unknown; incl_vat?: unknown } | undefined;
    for (const part of ['excl_vat', 'incl_vat'] as const) {
      const amount = price?.[part];
      if (typeof amount !== 'number') continue;
      const path = childPath(total, part);
      if (!credit && amount < 0)
        error(issues, path, `negative amount ${amount} in a CDR that is not a credit CDR`);
      // mod_cdrs, Credit CDRs: "only the values in the total_cost field SHALL contain the negative amounts".
      if (credit && total === 'total_cost' && amount > 0) {
        error(
          issues,
          path,
          `a credit CDR carries the negated total_cost of the CDR it credits, got ${amount}`,
        );
      }
    }
  }
}

/** Every issue of `value` as a final OCPI CDR (errors and warnings, with JSON paths). */
export function strictCdrIssues(value: unknown): InputIssue[] {
  const issues = strictIssues(validateCdr(value));
  ocpiRules(value as Record<string, unknown>, issues);
  return issues;
}

/** The CDR, or OCPI 2001 naming the first field at fault ("cdr.cdr_location.evse_uid: …"). */
export function parseReceivedCdr(value: unknown): Cdr {
  const message = firstErrorMessage(strictCdrIssues(value), 'cdr');
  if (message) throw invalidParameters(message);
  return value as Cdr;
}
