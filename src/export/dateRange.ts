// The date range of an export: calendar dates, both ends inclusive, read in one time zone.
import { DateTime } from 'luxon';
import type { InputIssue } from '../invoice/errors';
import { ExportInputError } from './exportErrors';

export interface DateRange {
  /** YYYY-MM-DD, inclusive. */
  from: string;
  /** YYYY-MM-DD, inclusive. */
  to: string;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Checks the range; returns it with the instants that bound it in `timeZone` ([from 00:00, day after to 00:00)). */
export function checkedRange(
  range: DateRange,
  timeZone = 'UTC',
): DateRange & { fromInstant: Date; toInstant: Date } {
  const issues: InputIssue[] = [];
  const zone = DateTime.local().setZone(timeZone);
  if (!zone.isValid)
    issues.push({ path: 'timeZone', message: `unknown IANA time zone ${JSON.stringify(timeZone)}` });
  const day = (field: 'from' | 'to') => {
    const value = range[field];
    const parsed = DateTime.fromISO(value ?? '', { zone: zone.isValid ? timeZone : 'UTC' });
    if (typeof value !== 'string' || !DATE.test(value) || !parsed.isValid) {
      issues.push({ path: field, message: `expected a date YYYY-MM-DD, got ${JSON.stringify(value)}` });
    }
    return parsed;
  };
  const from = day('from');
  const to = day('to');
  if (issues.length === 0 && to < from)
    issues.push({ path: 'to', message: `${range.to} is before ${range.from}` });
  if (issues.length > 0) throw new ExportInputError(issues);
  return {
    from: range.from,
    to: range.to,
    fromInstant: from.startOf('day').toJSDate(),
    toInstant: to.plus({ days: 1 }).startOf('day').toJSDate(),
  };
}
