// Do two elements' wall-clock restrictions (time window and weekdays) select a common moment, when
// neither has other restrictions? Used by the linter to point out elements partly hidden by an
// earlier one. Windows are compared as sets of minutes of the day (wrapping windows split in two).
import { parseTimeOfDay } from '../time/localFormats';
import type { TariffElement } from '../types';

const DAY = 24 * 60;

function minuteRanges(startTime?: string, endTime?: string): [number, number][] {
  const start = startTime === undefined ? 0 : parseTimeOfDay(startTime)!;
  const end = endTime === undefined ? DAY : parseTimeOfDay(endTime)!;
  if (start === end % DAY) return [[0, DAY]];
  return start < end
    ? [[start, end]]
    : [
        [start, DAY],
        [0, end],
      ];
}

export function elementsOverlapInTime(a: TariffElement, b: TariffElement): boolean {
  const ra = a.restrictions;
  const rb = b.restrictions;
  if (!ra || !rb) return false;
  const onlyWallClock = (r: object) =>
    Object.keys(r).every((key) => key === 'start_time' || key === 'end_time' || key === 'day_of_week');
  if (!onlyWallClock(ra) || !onlyWallClock(rb)) return false;
  if (ra.start_time === undefined && ra.end_time === undefined) return false;
  if (rb.start_time === undefined && rb.end_time === undefined) return false;
  const daysA = ra.day_of_week?.length ? ra.day_of_week : undefined;
  const daysB = rb.day_of_week?.length ? rb.day_of_week : undefined;
  if (daysA && daysB && !daysA.some((day) => daysB.includes(day))) return false;
  const rangesB = minuteRanges(rb.start_time, rb.end_time);
  return minuteRanges(ra.start_time, ra.end_time).some(([s1, e1]) =>
    rangesB.some(([s2, e2]) => s1 < e2 && s2 < e1),
  );
}
