// Entry points: JSON text or parsed values → typed Tariff / CDR plus warnings, or an InputError that
// names the source, the JSON path and the problem.
import type { Cdr, Tariff } from '../types';
import { cdrSchema } from './cdrSchema';
import { throwOnErrors, type InputIssue } from './issues';
import { parseJsonText } from './jsonText';
import { arrayOf, type Check } from './schema';
import { tariffSchema } from './tariffSchema';

export interface Parsed<T> {
  value: T;
  /** Non-fatal findings (unknown fields, lenient omissions), each with its JSON path. */
  warnings: InputIssue[];
}

/** Every issue (errors and warnings) of a value checked against the Tariff schema. */
export function validateTariff(value: unknown): InputIssue[] {
  return collect(tariffSchema, value);
}

export function validateCdr(value: unknown): InputIssue[] {
  return collect(cdrSchema, value);
}

export function parseTariff(value: unknown, source?: string): Parsed<Tariff> {
  return checked<Tariff>(tariffSchema, value, source);
}

export function parseCdr(value: unknown, source?: string): Parsed<Cdr> {
  return checked<Cdr>(cdrSchema, value, source);
}

/** One Tariff object or an array of them (e.g. all tariffs of a connector). */
export function parseTariffList(value: unknown, source?: string): Parsed<Tariff[]> {
  if (!Array.isArray(value)) {
    const single = parseTariff(value, source);
    return { value: [single.value], warnings: single.warnings };
  }
  const parsed = checked<Tariff[]>(arrayOf(tariffSchema, { minItems: 1 }), value, source);
  return parsed;
}

export function parseTariffJson(text: string, source?: string): Parsed<Tariff> {
  return parseTariff(parseJsonText(text, source), source);
}

export function parseCdrJson(text: string, source?: string): Parsed<Cdr> {
  return parseCdr(parseJsonText(text, source), source);
}

function collect(schema: Check, value: unknown): InputIssue[] {
  const issues: InputIssue[] = [];
  schema(value, '$', issues);
  return issues;
}

function checked<T>(schema: Check, value: unknown, source?: string): Parsed<T> {
  const issues = collect(schema, value);
  throwOnErrors(issues, source);
  return { value: value as T, warnings: issues };
}
