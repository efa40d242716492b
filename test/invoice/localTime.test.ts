// Local dates and times printed on invoices agree with luxon (the oracle) for any instant, zone,
// offset notation and language, across DST switches and odd offsets.
import fc from 'fast-check';
import { DateTime } from 'luxon';
import { formatDate, formatDateTime, formatSessionPeriod, localDate } from '../../src/invoice/format';
import { instantMs } from '../../src/invoice/localTime';

const ZONES = [
  'Europe/Berlin',
  'Europe/London',
  'America/New_York',
  'America/St_Johns', // −03:30 / −02:30
  'Asia/Kolkata', // +05:30, no DST
  'Australia/Lord_Howe', // half-hour DST
  'Pacific/Chatham', // +12:45 / +13:45
  'UTC',
];
const PATTERN = { de: 'dd.MM.yyyy HH:mm', en: 'dd MMM yyyy HH:mm' } as const;
const LOCALE = { de: 'de-DE', en: 'en-GB' } as const;

/** An instant 1970–2100 written with Z, with a colon offset or with a colonless offset. */
const instants = fc
  .tuple(fc.integer({ min: 0, max: 4_102_444_800_000 }), fc.constantFrom('Z', '+05:30', '-03:00', '+0100'))
  .map(([ms, offset]) => {
    const zone = offset === 'Z' ? 'UTC' : `UTC${offset.slice(0, 3)}:${offset.slice(-2)}`;
    const iso = DateTime.fromMillis(ms, { zone }).toISO({ suppressMilliseconds: true })!;
    return offset === '+0100' ? iso.replace(/\+01:00$/, '+0100') : iso;
  });

describe('invoice local time', () => {
  it('reads instants like luxon, whatever the offset notation', () => {
    fc.assert(
      fc.property(instants, (instant) => {
        expect(instantMs(instant)).toBe(DateTime.fromISO(instant).toMillis());
      }),
    );
  });

  it('prints local date and time like luxon in every zone and language', () => {
    fc.assert(
      fc.property(
        instants,
        fc.constantFrom(...ZONES),
        fc.constantFrom('de', 'en'),
        (instant, zone, language) => {
          const luxon = DateTime.fromISO(instant, { zone });
          expect(formatDateTime(instant, zone, language)).toBe(
            luxon.toFormat(PATTERN[language], { locale: LOCALE[language] }),
          );
          expect(localDate(instant, zone)).toBe(luxon.toISODate());
        },
      ),
      { numRuns: 2_000 },
    );
  });

  it('prints a session period with the end date only when the local day changes', () => {
    fc.assert(
      fc.property(
        instants,
        fc.integer({ min: 0, max: 2 * 86_400_000 }),
        fc.constantFrom(...ZONES),
        fc.constantFrom('de', 'en'),
        (start, durationMs, zone, language) => {
          const end = new Date(instantMs(start) + durationMs).toISOString();
          const from = DateTime.fromISO(start, { zone });
          const to = DateTime.fromISO(end, { zone });
          const locale = { locale: LOCALE[language] };
          const until = to.hasSame(from, 'day')
            ? to.toFormat('HH:mm')
            : to.toFormat(PATTERN[language], locale);
          expect(formatSessionPeriod(start, end, zone, language)).toBe(
            `${from.toFormat(PATTERN[language], locale)} – ${until}`,
          );
        },
      ),
    );
  });

  it('crosses the DST switches at the right instant', () => {
    // Berlin 2025: 30 March 02:00 CET → 03:00 CEST; 26 October 03:00 CEST → 02:00 CET.
    expect(formatDateTime('2025-03-30T00:59:00Z', 'Europe/Berlin', 'de')).toBe('30.03.2025 01:59');
    expect(formatDateTime('2025-03-30T01:00:00Z', 'Europe/Berlin', 'de')).toBe('30.03.2025 03:00');
    expect(formatDateTime('2025-10-26T00:30:00Z', 'Europe/Berlin', 'en')).toBe('26 Oct 2025 02:30');
    expect(formatDateTime('2025-10-26T01:30:00Z', 'Europe/Berlin', 'en')).toBe('26 Oct 2025 02:30');
    expect(formatDate('2025-09-03', 'en')).toBe('03 Sept 2025');
    expect(formatDate('2025-09-03', 'de')).toBe('03.09.2025');
  });
});
