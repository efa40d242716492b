// Money and plain numbers as a driver reads them, per locale (Intl: "€0.39" in English, "0,39 €" in German).
import type { ExactDecimal } from '../decimal/exactDecimal';

const formatters = new Map<string, Intl.NumberFormat>();

function formatter(locale: string, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${options.currency ?? ''}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

/** "€0.39", "€0.0167", "0,39 €" (at least 2, at most 4 decimals, rounded half-up from the exact value). */
export function formatMoney(value: ExactDecimal, currency: string, locale: string): string {
  const format = formatter(locale, {
    style: 'currency',
    currency,
    minimumFractionDigits: 2,
    maximumFractionDigits: 4,
  });
  // Rounded exactly first; the double of a ≤4-decimal value prints back as that decimal.
  return format.format(value.roundHalfUp(4).toNumber());
}

/** A threshold or percentage as written in the tariff, with the locale's decimal separator ("22,5"). */
export function formatNumber(value: number, locale: string): string {
  return formatter(locale, { maximumFractionDigits: 20, useGrouping: false }).format(value);
}
