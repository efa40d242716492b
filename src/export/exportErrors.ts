// Bad export requests (dates, options, settings) fail before any row is read, naming the field.
import type { InputIssue } from '../invoice/errors';

export class ExportInputError extends Error {
  override name = 'ExportInputError';
  constructor(readonly issues: InputIssue[]) {
    super(issues.map((issue) => `${issue.path}: ${issue.message}`).join('; '));
  }
}
