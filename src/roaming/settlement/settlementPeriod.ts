// Settlement periods are UTC calendar weeks (Monday to Monday), months or quarters, as instants
// [start, end): what a CDR belongs to is decided by its last_updated, an instant, and both partners
// must cut the same periods whatever their own time zones. Pure.
import { DateTime } from 'luxon';
import type { SettlementPeriod } from '../../db/repos/partners';

/** ISO instants, start inclusive, end exclusive. */
export interface SettlementRange {
  start: string;
  end: string;
}

const UNIT = { weekly: 'week', monthly: 'month', quarterly: 'quarter' } as const;

const LENGTH = { weekly: { weeks: 1 }, monthly: { months: 1 }, quarterly: { months: 3 } } as const;

const isoOf = (instant: DateTime): string => instant.toUTC().toISO({ suppressMilliseconds: true })!;

function rangeOf(period: SettlementPeriod, start: DateTime): SettlementRange {
  return { start: isoOf(start), end: isoOf(start.plus(LENGTH[period])) };
}

/** The period that contains `instant`. */
export function settlementPeriodContaining(period: SettlementPeriod, instant: string): SettlementRange {
  const at = DateTime.fromISO(instant, { zone: 'utc' });
  if (!at.isValid) throw new Error(`expected an ISO instant, got ${JSON.stringify(instant)}`);
  // Luxon's weeks are ISO weeks: they start on Monday.
  return rangeOf(period, at.startOf(UNIT[period]));
}

/** The last complete period before `instant`: what a scheduled settlement run at `instant` settles. */
export function previousSettlementPeriod(period: SettlementPeriod, instant: string): SettlementRange {
  const current = settlementPeriodContaining(period, instant);
  return settlementPeriodContaining(
    period,
    DateTime.fromISO(current.start, { zone: 'utc' }).minus({ days: 1 }).toISO()!,
  );
}

/** A period given by its UTC dates, the end date inclusive (as operators name periods). */
export function settlementRangeOfDates(from: string, to: string): SettlementRange {
  const start = DateTime.fromISO(from, { zone: 'utc' });
  const last = DateTime.fromISO(to, { zone: 'utc' });
  const problem =
    !/^\d{4}-\d{2}-\d{2}$/.test(from) || !start.isValid
      ? `from: expected YYYY-MM-DD, got ${JSON.stringify(from)}`
      : !/^\d{4}-\d{2}-\d{2}$/.test(to) || !last.isValid
        ? `to: expected YYYY-MM-DD, got ${JSON.stringify(to)}`
        : last < start
          ? `to: the period ends (${to}) before it starts (${from})`
          : undefined;
  if (problem) throw new SettlementRangeError(problem);
  return { start: isoOf(start), end: isoOf(last.plus({ days: 1 })) };
}

/** A period an operator named that is not one. */
export class SettlementRangeError extends Error {
  override name = 'SettlementRangeError';
}
