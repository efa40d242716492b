/** One thing wrong with an input, at a JSON path such as `lines[2].components[0].unitPrice`. */
export interface InputIssue {
  path: string;
  message: string;
}

/** Bad input to the invoice core: names every offending field. */
export class InvoiceInputError extends Error {
  constructor(
    readonly what: string,
    readonly issues: InputIssue[],
  ) {
    super(`${what}: ${issues.map((issue) => `${issue.path || '(root)'}: ${issue.message}`).join('; ')}`);
    this.name = 'InvoiceInputError';
  }
}

/** Renders a path of keys and indexes as `a.b[2].c`. */
export function jsonPath(path: readonly PropertyKey[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : `${i === 0 ? '' : '.'}${String(key)}`))
    .join('');
}
