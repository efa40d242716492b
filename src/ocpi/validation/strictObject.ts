// Strict checking of OCPI objects received over HTTP. The schema helpers of src/tariff/parse are
// lenient by design (rating needs little); for objects we store and answer for, every field OCPI
// requires must be there and fit its length. Unknown fields stay warnings: OCPI peers may send more.
import type { InputIssue } from '../../tariff/parse/issues';
import type { Check } from '../../tariff/parse/schema';
import { invalidParameters } from '../envelope';

/** Missing required fields and over-long strings become errors. */
export function strictIssues(issues: InputIssue[]): InputIssue[] {
  return issues.map((issue) =>
    issue.severity === 'warning' && (issue.code === 'required_field' || issue.code === 'too_long')
      ? { ...issue, severity: 'error' }
      : issue,
  );
}

/** "<what>.<path>: <message>" of the first error, for an OCPI status_message. */
export function firstErrorMessage(issues: InputIssue[], what: string): string | undefined {
  const error = issues.find((issue) => issue.severity === 'error');
  if (!error) return undefined;
  const path = error.path === '$' ? what : `${what}.${error.path}`;
  return `${path}: ${error.message}`;
}

/** Runs `schema` strictly over `value`; throws OCPI 2001 naming the first field at fault. */
export function parseStrict<T>(schema: Check, value: unknown, what: string): T {
  const issues: InputIssue[] = [];
  schema(value, '$', issues);
  const message = firstErrorMessage(strictIssues(issues), what);
  if (message) throw invalidParameters(message);
  return value as T;
}

export function pattern(regex: RegExp, description: string): (text: string) => string | undefined {
  return (text) => (regex.test(text) ? undefined : `expected ${description}, got ${JSON.stringify(text)}`);
}

export const COUNTRY_CODE = pattern(/^[A-Za-z]{2}$/, 'an ISO 3166-1 alpha-2 country code');
export const PARTY_ID = pattern(/^[A-Za-z0-9]{3}$/, 'a 3-character party id');
/** OCPI credentials tokens and ids: printable non-whitespace ASCII. */
export const PRINTABLE_ASCII = pattern(/^[\x21-\x7e]+$/, 'printable ASCII without spaces');
export const HTTP_URL = pattern(/^https?:\/\/[^\s]+$/, 'an http(s) URL');
