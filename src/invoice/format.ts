// Locale-aware formatting of already rounded values. Intl.NumberFormat formats a decimal
// string exactly (no conversion to a float), so printed amounts are the computed ones.
import { Info } from 'luxon';
import { Dec } from './decimal';
import { isoDateOf, localDateTime, sameDay, timeOf } from './localTime';
import { minorUnitExponent } from '../money/currency';
import type { Language, QuantityUnit } from './types';

const LOCALES: Record<Language, string> = { en: 'en-GB', de: 'de-DE' };

/** Digits a quantity is printed with: meters read Wh, time is billed by the second. */
const QUANTITY_DIGITS: Record<QuantityUnit, number> = { kWh: 3, h: 4, min: 2, session: 0 };

const formatters = new Map<string, Intl.NumberFormat>();

function numberFormat(language: Language, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${language}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(LOCALES[language], options);
    formatters.set(key, format);
  }
  return format;
}

/** Intl accepts exact decimal strings; its TypeScript signature predates that. */
function formatDecimal(format: Intl.NumberFormat, value: string): string {
  return format.format(value as unknown as number);
}

export function formatMoney(amount: string, currency: string, language: Language): string {
  const digits = minorUnitExponent(currency);
  return formatDecimal(
    numberFormat(language, {
      style: 'currency',
      currency,
      minimumFractionDigits: digits,
      maximumFractionDigits: digits,
    }),
    amount,
  );
}

/** A unit price keeps its significant digits (0.4875 €/kWh), at least the currency's. */
export function formatUnitPrice(price: string, currency: string, language: Language): string {
  const digits = Math.max(minorUnitExponent(currency), new Dec(price).decimalPlaces());
  return formatDecimal(
    numberFormat(language, {
      style: 'currency',
      currency,
      minimumFractionDigits: minorUnitExponent(currency),
      maximumFractionDigits: digits,
    }),
    price,
  );
}

export function formatQuantity(quantity: string, unit: QuantityUnit, language: Language): string {
  const digits = QUANTITY_DIGITS[unit];
  const shown = new Dec(quantity).toDecimalPlaces(digits, Dec.ROUND_HALF_UP).toString();
  return formatDecimal(
    numberFormat(language, { minimumFractionDigits: digits, maximumFractionDigits: digits }),
    shown,
  );
}

export function formatPercent(rate: string, language: Language): string {
  return `${formatDecimal(numberFormat(language, { maximumFractionDigits: 4 }), rate)}${language === 'de' ? ' %' : '%'}`;
}

/** Month abbreviations as luxon's "MMM" prints them in en-GB ("Sept"), read from it once. */
const EN_MONTHS = Info.monthsFormat('short', { locale: LOCALES.en });

function printedDate(date: { year: number; month: number; day: number }, language: Language): string {
  const day = String(date.day).padStart(2, '0');
  return language === 'de'
    ? `${day}.${String(date.month).padStart(2, '0')}.${date.year}`
    : `${day} ${EN_MONTHS[date.month - 1]} ${date.year}`;
}

/** "01.04.2025" or "01 Apr 2025" for a calendar date "2025-04-01". */
export function formatDate(isoDate: string, language: Language): string {
  const [year, month, day] = isoDate.split('-').map(Number);
  return printedDate({ year, month, day }, language);
}

/** An instant's local date and time: "02.03.2025 09:15" or "02 Mar 2025 09:15". */
export function formatDateTime(instant: string, timeZone: string, language: Language): string {
  const local = localDateTime(instant, timeZone);
  return `${printedDate(local, language)} ${timeOf(local)}`;
}

/** The calendar date an instant falls on in a zone, "YYYY-MM-DD". */
export function localDate(instant: string, timeZone: string): string {
  return isoDateOf(localDateTime(instant, timeZone));
}

/** A session's local start and end: "02.03.2025 09:15 – 10:02", the end's date only when it differs. */
export function formatSessionPeriod(
  start: string,
  end: string,
  timeZone: string,
  language: Language,
): string {
  const from = localDateTime(start, timeZone);
  const to = localDateTime(end, timeZone);
  const until = sameDay(from, to) ? timeOf(to) : `${printedDate(to, language)} ${timeOf(to)}`;
  return `${printedDate(from, language)} ${timeOf(from)} – ${until}`;
}

/** Whole seconds as h:mm:ss. */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = seconds % 60;
  return `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}`;
}
