// Problems found in tariff and CDR input, each tied to the JSON path where it sits
// (e.g. `elements[2].restrictions.dayOfWeek`), so an integrator can fix the file without guessing.

export type IssueSeverity = 'error' | 'warning';

export interface InputIssue {
  severity: IssueSeverity;
  /** JSON path inside the document: `elements[2].restrictions.start_time`, `$` for the document itself. */
  path: string;
  message: string;
  /** Stable machine-readable code, e.g. `unknown_field`, `required_field`, `invalid_value`. */
  code: string;
}

/** Bad input: names the source (file), the JSON path and what is wrong, on one line. */
export class InputError extends Error {
  constructor(
    readonly issue: InputIssue,
    readonly source?: string,
    readonly allIssues: InputIssue[] = [issue],
  ) {
    super(`${source ? `${source}: ` : ''}${issue.path}: ${issue.message}`);
    this.name = 'InputError';
  }
}

/** Appends `.field` / `[index]` to a path; the root path is `$`. */
export function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent === '$' ? '' : parent}[${key}]`;
  return parent === '$' ? key : `${parent}.${key}`;
}

/** Throws the first error among the issues (all issues attached), if there is one. */
export function throwOnErrors(issues: InputIssue[], source?: string): void {
  const first = issues.find((issue) => issue.severity === 'error');
  if (first) throw new InputError(first, source, issues);
}

export function formatIssue(issue: InputIssue): string {
  return `${issue.severity}: ${issue.path}: ${issue.message}`;
}
