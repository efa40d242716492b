// The two local-time formats of OCPI TariffRestrictions: "HH:MM" (start_time/end_time) and
// "YYYY-MM-DD" (start_date/end_date), with the regexes the spec gives.
import { daysFromCivil, daysInMonth } from './calendar';

const TIME_OF_DAY = /^([01][0-9]|2[0-3]):([0-5][0-9])$/;
const LOCAL_DATE = /^([12][0-9]{3})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])$/;

/** Minutes after local midnight of "HH:MM", or undefined when it is not that format. */
export function parseTimeOfDay(text: string): number | undefined {
  const match = TIME_OF_DAY.exec(text);
  return match ? Number(match[1]) * 60 + Number(match[2]) : undefined;
}

/** Day number (days since 1970-01-01) of a "YYYY-MM-DD" local date, or undefined when invalid. */
export function parseLocalDate(text: string): number | undefined {
  const match = LOCAL_DATE.exec(text);
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  if (day > daysInMonth(year, month)) return undefined;
  return daysFromCivil(year, month, day);
}

export function formatTimeOfDay(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
