// A few composable checks for JSON documents. Hand-written rather than zod because the parser needs
// three things zod does not give together: unknown fields as *warnings* (not errors) with a
// "did you mean" hint, per-field leniency (a missing field can be a warning), and messages that
// name the JSON path in the form integrators see in their files.
import { childPath, type InputIssue } from './issues';

/** Checks a value at a path, appends issues, returns whether the value has the expected shape. */
export type Check = (value: unknown, path: string, issues: InputIssue[]) => boolean;

export interface Field {
  check: Check;
  /** 'error' (default for required fields), 'warning' (lenient: OCPI requires it, rating does not), or optional. */
  required?: 'error' | 'warning';
  /** Why the lenient field may be missing, shown with the warning. */
  note?: string;
}

export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string')
    return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value} ${String(value)}`;
}

function issue(
  issues: InputIssue[],
  path: string,
  code: string,
  message: string,
  severity: 'error' | 'warning' = 'error',
) {
  issues.push({ severity, path, code, message });
}

export function objectOf(
  objectName: string,
  fields: Record<string, Field>,
  crossCheck?: (value: Record<string, unknown>, path: string, issues: InputIssue[]) => void,
): Check {
  const known = Object.keys(fields);
  return (value, path, issues) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      issue(issues, path, 'invalid_type', `expected ${objectName} object, got ${describeValue(value)}`);
      return false;
    }
    const record = value as Record<string, unknown>;
    let ok = true;
    for (const name of known) {
      const field = fields[name];
      const fieldValue = record[name];
      const fieldPath = childPath(path, name);
      if (fieldValue === undefined) {
        const severity = field.required;
        if (severity) {
          const note = field.note ? ` (${field.note})` : '';
          issue(
            issues,
            fieldPath,
            'required_field',
            `required field of ${objectName} is missing${note}`,
            severity,
          );
          if (severity === 'error') ok = false;
        }
        continue;
      }
      if (!field.check(fieldValue, fieldPath, issues)) ok = false;
    }
    for (const name of Object.keys(record)) {
      if (name in fields) continue;
      const hint = closestName(name, known);
      issue(
        issues,
        childPath(path, name),
        'unknown_field',
        `unknown field, not part of OCPI 2.2.1 ${objectName}${hint ? ` (did you mean "${hint}"?)` : ''}; ignored`,
        'warning',
      );
    }
    if (ok && crossCheck) crossCheck(record, path, issues);
    return ok;
  };
}

export function arrayOf(item: Check, options: { minItems?: number } = {}): Check {
  return (value, path, issues) => {
    if (!Array.isArray(value)) {
      issue(issues, path, 'invalid_type', `expected an array, got ${describeValue(value)}`);
      return false;
    }
    if (options.minItems && value.length < options.minItems) {
      issue(issues, path, 'invalid_value', `needs at least ${options.minItems} item(s), got ${value.length}`);
      return false;
    }
    let ok = true;
    value.forEach((element, index) => {
      if (!item(element, childPath(path, index), issues)) ok = false;
    });
    return ok;
  };
}

/** A string; `validate` returns a message when the content is wrong. */
export function stringOf(
  options: { maxLength?: number; validate?: (text: string) => string | undefined } = {},
): Check {
  return (value, path, issues) => {
    if (typeof value !== 'string') {
      issue(issues, path, 'invalid_type', `expected a string, got ${describeValue(value)}`);
      return false;
    }
    const problem = options.validate?.(value);
    if (problem) {
      issue(issues, path, 'invalid_value', problem);
      return false;
    }
    if (options.maxLength !== undefined && value.length > options.maxLength) {
      issue(
        issues,
        path,
        'too_long',
        `longer than the ${options.maxLength} characters OCPI allows`,
        'warning',
      );
    }
    return true;
  };
}

export function numberOf(options: { min?: number; integer?: boolean; unit?: string } = {}): Check {
  return (value, path, issues) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) {
      issue(issues, path, 'invalid_type', `expected a number, got ${describeValue(value)}`);
      return false;
    }
    if (options.integer && !Number.isInteger(value)) {
      issue(issues, path, 'invalid_value', `expected a whole number, got ${value}`);
      return false;
    }
    if (options.min !== undefined && value < options.min) {
      const what = options.min === 0 ? 'negative values are not allowed' : `must be at least ${options.min}`;
      issue(issues, path, 'invalid_value', `${what}, got ${value}${options.unit ? ` ${options.unit}` : ''}`);
      return false;
    }
    return true;
  };
}

export function oneOf(values: readonly string[]): Check {
  return (value, path, issues) => {
    if (typeof value !== 'string' || !values.includes(value)) {
      const hint = typeof value === 'string' ? closestName(value, values) : undefined;
      issue(
        issues,
        path,
        'invalid_value',
        `expected one of ${values.join(', ')}, got ${describeValue(value)}${hint ? ` (did you mean ${hint}?)` : ''}`,
      );
      return false;
    }
    return true;
  };
}

export const booleanValue: Check = (value, path, issues) => {
  if (typeof value === 'boolean') return true;
  issue(issues, path, 'invalid_type', `expected true or false, got ${describeValue(value)}`);
  return false;
};

/** Any JSON object, contents not examined (parts of a CDR that rating does not read). */
export const anyObject: Check = (value, path, issues) => {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return true;
  issue(issues, path, 'invalid_type', `expected an object, got ${describeValue(value)}`);
  return false;
};

/** The known name an unknown one most likely meant: same letters ignoring case/underscores, or ≤ 2 edits. */
export function closestName(name: string, known: readonly string[]): string | undefined {
  const squash = (s: string) => s.toLowerCase().replace(/[_\-\s]/g, '');
  const squashed = squash(name);
  const same = known.find((candidate) => squash(candidate) === squashed);
  if (same) return same;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const distance = editDistance(squashed, squash(candidate));
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(
        previous[j] + 1,
        current[j - 1] + 1,
        previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1),
      );
    }
    previous = current;
  }
  return previous[b.length];
}
