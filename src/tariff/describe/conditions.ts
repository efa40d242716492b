// When an element applies, in words: "Monday to Friday, from 07:00 to 22:00, after 1 hour of the session".
import { DAYS_OF_WEEK } from '../parse/tariffSchema';
import type { DayOfWeek, TariffRestrictions } from '../types';
import { formatNumber } from './formatting';
import type { ConditionWording, TariffWording } from './wording';

const WEEK: readonly DayOfWeek[] = DAYS_OF_WEEK;

function daysText(days: DayOfWeek[], words: ConditionWording): string {
  const sorted = WEEK.filter((day) => days.includes(day));
  if (sorted.length === 7) return words.everyDay;
  const first = WEEK.indexOf(sorted[0]);
  const consecutive = sorted.every((day, i) => WEEK.indexOf(day) === first + i);
  if (consecutive && sorted.length > 2) return words.dayRange(sorted[0], sorted[sorted.length - 1]);
  return words.days(sorted);
}

export function describeConditions(r: TariffRestrictions | undefined, wording: TariffWording): string {
  if (!r) return '';
  const words = wording.conditions;
  const number = (value: number | undefined) =>
    value === undefined ? undefined : formatNumber(value, wording.locale);
  const parts: string[] = [];
  if (r.day_of_week?.length) parts.push(daysText(r.day_of_week, words));
  if (r.start_time !== undefined && r.end_time !== undefined) {
    const wraps = r.end_time <= r.start_time && r.end_time !== '00:00';
    parts.push(words.timeWindow(r.start_time, r.end_time, wraps));
  } else if (r.start_time !== undefined) parts.push(words.fromTime(r.start_time));
  else if (r.end_time !== undefined) parts.push(words.untilTime(r.end_time));
  if (r.start_date !== undefined) parts.push(words.fromDate(r.start_date));
  if (r.end_date !== undefined) parts.push(words.beforeDate(r.end_date));
  if (r.min_kwh !== undefined) parts.push(words.minKwh(number(r.min_kwh)!));
  if (r.max_kwh !== undefined) parts.push(words.maxKwh(number(r.max_kwh)!));
  if (r.min_duration !== undefined && r.min_duration > 0) parts.push(words.afterDuration(r.min_duration));
  if (r.max_duration !== undefined) parts.push(words.firstDuration(r.max_duration));
  if (r.min_power !== undefined || r.max_power !== undefined)
    parts.push(words.power(words.range(number(r.min_power), number(r.max_power), 'kW')));
  if (r.min_current !== undefined || r.max_current !== undefined)
    parts.push(words.current(words.range(number(r.min_current), number(r.max_current), 'A')));
  return parts.join(', ');
}
