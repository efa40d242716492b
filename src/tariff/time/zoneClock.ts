// Local wall-clock time at the charging location, from an IANA zone name (luxon reads the tz database
// through Intl, which also works inside Temporal workflow code). Asking luxon per period would cost
// microseconds, so offsets are cached per UTC day: one lookup at each end of the day, and a binary
// search for the switch instant on the rare days whose offset changes (DST). Assumes at most one
// offset change per UTC day, which holds for every zone in the tz database since 1970.
import { IANAZone } from 'luxon';
import { MS_PER_DAY, MS_PER_MINUTE, weekdayOfDay } from './calendar';

/** Local calendar facts of one instant. */
export interface LocalTime {
  /** Local date as days since 1970-01-01. */
  day: number;
  /** Milliseconds since local midnight (wall clock). */
  msOfDay: number;
  /** Monday = 0 … Sunday = 6. */
  weekday: number;
}

interface DayOffsets {
  /** Offset (minutes east of UTC) from the start of the UTC day … */
  before: number;
  /** … until this instant (exclusive), from which `after` holds. Infinity when no change that day. */
  switchMs: number;
  after: number;
}

const CACHE_LIMIT = 50_000;
// Bound once: transpiled to CommonJS, each use of an imported name is a getter call (hot path).
const DAY_MS = MS_PER_DAY;
const MINUTE_MS = MS_PER_MINUTE;
const weekdayOf = weekdayOfDay;

export class ZoneClock {
  private readonly days = new Map<number, DayOffsets>();
  private readonly zone: IANAZone | undefined;

  private constructor(readonly name: string) {
    this.zone = isUtc(name) ? undefined : IANAZone.create(name);
  }

  private static readonly clocks = new Map<string, ZoneClock>();

  /** The shared clock of an IANA zone; throws for a name the tz database does not know. */
  static of(name: string): ZoneClock {
    let clock = ZoneClock.clocks.get(name);
    if (!clock) {
      if (!isUtc(name) && !IANAZone.isValidZone(name)) {
        throw new RangeError(`unknown time zone "${name}" (expected an IANA name such as Europe/Berlin)`);
      }
      clock = new ZoneClock(name);
      ZoneClock.clocks.set(name, clock);
    }
    return clock;
  }

  /** UTC offset in minutes at an instant. */
  offsetMinutesAt(ms: number): number {
    if (!this.zone) return 0;
    const utcDay = Math.floor(ms / DAY_MS);
    let offsets = this.days.get(utcDay);
    if (!offsets) {
      offsets = this.offsetsOfUtcDay(utcDay);
      if (this.days.size >= CACHE_LIMIT) this.days.clear();
      this.days.set(utcDay, offsets);
    }
    return ms < offsets.switchMs ? offsets.before : offsets.after;
  }

  localTime(ms: number): LocalTime {
    const local = ms + this.offsetMinutesAt(ms) * MINUTE_MS;
    const day = Math.floor(local / DAY_MS);
    return { day, msOfDay: local - day * DAY_MS, weekday: weekdayOf(day) };
  }

  /**
   * Instants in [fromMs, toMs] at which the UTC offset changes (DST switches), ascending.
   * Needed because a wall-clock boundary that does not exist (02:30 on spring-forward day)
   * takes effect at the switch instant.
   */
  offsetChangesBetween(fromMs: number, toMs: number): number[] {
    const changes: number[] = [];
    if (!this.zone) return changes;
    for (let day = Math.floor(fromMs / DAY_MS); day * DAY_MS <= toMs; day++) {
      this.offsetMinutesAt(day * DAY_MS);
      const switchMs = this.days.get(day)!.switchMs;
      if (switchMs >= fromMs && switchMs <= toMs) changes.push(switchMs);
    }
    return changes;
  }

  private offsetsOfUtcDay(utcDay: number): DayOffsets {
    const zone = this.zone!;
    const start = utcDay * DAY_MS;
    const before = zone.offset(start);
    const after = zone.offset(start + DAY_MS - 1);
    if (before === after) return { before, switchMs: Infinity, after };
    let lo = start; // offset(lo) === before
    let hi = start + DAY_MS - 1; // offset(hi) === after
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (zone.offset(mid) === before) lo = mid;
      else hi = mid;
    }
    return { before, switchMs: hi, after };
  }
}

function isUtc(name: string): boolean {
  return name === 'UTC' || name === 'Etc/UTC' || name === 'Z';
}
