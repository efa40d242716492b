// Binary search over time-sorted lists: the builder looks up "the latest X at or before t" for every
// interval, which must stay O(log n) for day-long sessions with readings every few seconds.

/** Index of the last entry whose time is at or before `ms` in a list sorted by time; -1 when none is. */
export function lastIndexAtOrBefore<T>(list: readonly T[], ms: number, timeOf: (entry: T) => number): number {
  let low = 0;
  let high = list.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (timeOf(list[middle]) <= ms) low = middle + 1;
    else high = middle;
  }
  return low - 1;
}
