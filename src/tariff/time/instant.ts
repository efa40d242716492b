// OCPI DateTime → epoch milliseconds. OCPI 2.2.1 (types: DateTime) sends RFC 3339 timestamps in UTC;
// a missing zone designator means UTC. Offsets (+01:00) are accepted because real-world data carries
// them. Fractions beyond milliseconds are truncated (billing never needs sub-millisecond precision).
import { daysFromCivil, daysInMonth, MS_PER_DAY } from './calendar';

const ZERO = 48;
// Bound once: transpiled to CommonJS, each use of an imported name is a getter call (hot path).
const civilDays = daysFromCivil;
const monthLength = daysInMonth;
const DAY_MS = MS_PER_DAY;

function digits(text: string, start: number, count: number): number {
  let value = 0;
  for (let i = start; i < start + count; i++) {
    const d = text.charCodeAt(i) - ZERO;
    if (d < 0 || d > 9) return -1;
    value = value * 10 + d;
  }
  return value;
}

/** Epoch ms of an OCPI DateTime, or undefined when the text is not one. */
export function parseInstant(text: string): number | undefined {
  if (typeof text !== 'string' || text.length < 19) return undefined;
  if (text[4] !== '-' || text[7] !== '-' || (text[10] !== 'T' && text[10] !== 't') || text[13] !== ':') {
    return undefined;
  }
  if (text[16] !== ':') return undefined;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 2);
  const day = digits(text, 8, 2);
  const hour = digits(text, 11, 2);
  const minute = digits(text, 14, 2);
  const second = digits(text, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > monthLength(year, month)) return undefined;
  if (hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  let i = 19;
  let millis = 0;
  if (text[i] === '.') {
    const start = ++i;
    while (i < text.length && text.charCodeAt(i) >= ZERO && text.charCodeAt(i) <= ZERO + 9) i++;
    if (i === start) return undefined;
    const fraction = text.slice(start, Math.min(i, start + 3)).padEnd(3, '0');
    millis = Number(fraction);
  }
  let offsetMinutes = 0;
  if (i < text.length) {
    const designator = text[i];
    if ((designator === 'Z' || designator === 'z') && i + 1 === text.length) {
      // UTC
    } else if ((designator === '+' || designator === '-') && i + 6 === text.length && text[i + 3] === ':') {
      const offsetHours = digits(text, i + 1, 2);
      const offsetMins = digits(text, i + 4, 2);
      if (offsetHours < 0 || offsetHours > 23 || offsetMins < 0 || offsetMins > 59) return undefined;
      offsetMinutes = (designator === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
    } else {
      return undefined;
    }
  }
  const days = civilDays(year, month, day);
  return days * DAY_MS + ((hour * 60 + minute - offsetMinutes) * 60 + second) * 1000 + millis;
}

/** ISO 8601 UTC text of an epoch-ms instant ("2022-01-13T16:55:00Z", milliseconds only when present). */
export function formatInstant(ms: number): string {
  const iso = new Date(ms).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, 19)}Z` : iso;
}
