// Instants and the wall-clock date and time they have in an IANA zone, for printing.
//
// A luxon DateTime in a zone costs tens of microseconds (an Intl formatToParts per offset lookup) and
// an invoice prints several per session, so offsets come from the rating engine's per-UTC-day offset
// cache (ZoneClock) and the calendar fields from integer arithmetic. Instants the fast reader does not
// take (an offset without colon, "+0100") are read by luxon, as the draft schema validated them.
import { DateTime } from 'luxon';
import { civilFromDays, MS_PER_DAY, MS_PER_MINUTE } from '../tariff/time/calendar';
import { parseInstant } from '../tariff/time/instant';
import { ZoneClock } from '../tariff/time/zoneClock';

export interface LocalDateTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
}

/** Epoch milliseconds of an ISO 8601 instant with offset. */
export function instantMs(instant: string): number {
  return parseInstant(instant) ?? DateTime.fromISO(instant, { setZone: true }).toMillis();
}

export function localDateTime(instant: string, timeZone: string): LocalDateTime {
  const ms = instantMs(instant);
  const local = ms + ZoneClock.of(timeZone).offsetMinutesAt(ms) * MS_PER_MINUTE;
  const days = Math.floor(local / MS_PER_DAY);
  const minutes = Math.floor((local - days * MS_PER_DAY) / MS_PER_MINUTE);
  return { ...civilFromDays(days), hour: Math.floor(minutes / 60), minute: minutes % 60 };
}

const two = (n: number) => String(n).padStart(2, '0');

/** "2025-03-02" */
export function isoDateOf({ year, month, day }: LocalDateTime): string {
  return `${String(year).padStart(4, '0')}-${two(month)}-${two(day)}`;
}

/** "09:15" */
export function timeOf({ hour, minute }: LocalDateTime): string {
  return `${two(hour)}:${two(minute)}`;
}

export function sameDay(a: LocalDateTime, b: LocalDateTime): boolean {
  return a.year === b.year && a.month === b.month && a.day === b.day;
}
