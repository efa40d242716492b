// The words of a tariff description in one language. describeTariff and describeConditions build
// the sentences; a language (english.ts, german.ts) supplies only words, phrases and its locale.
import type { DayOfWeek } from '../types';
import type { PricedPart, WordingLanguage } from './componentNames';
import { english } from './english';
import { german } from './german';

export interface TariffWording {
  language: WordingLanguage;
  /** Intl locale for money and numbers. */
  locale: string;
  /** "Tariff" in "Tariff 14 (REGULAR), prices in EUR". */
  title(idAndType: string, currency: string): string;
  /** "No idle fee": a part whose price is zero. */
  free: Record<PricedPart, string>;
  /** A free part that applies where no earlier element did: "No idle fee otherwise". */
  freeOtherwise(free: string): string;
  /** Added to a reservation part's name where the reservation expired unused (RESERVATION_EXPIRES). */
  expiredUnused: string;
  /** The one line of a tariff in which nothing costs anything. */
  chargingIsFree: string;
  /** Appended to a price that applies where no earlier element did. */
  otherwise: string;
  per: Record<'session' | 'kWh' | 'minute' | 'hour', string>;
  noVat: string;
  /** "incl. 20% VAT" */
  inclVat(percent: string): string;
  /** "Minimum price per session", "Maximum price per session". */
  minimumPrice: string;
  maximumPrice: string;
  /** Without VAT, and with VAT without a rate, as a limit states them. */
  exclVatShort: string;
  inclVatShort: string;
  /** "This tariff applies to sessions starting from … until … (UTC)." */
  validity(from: string | undefined, until: string | undefined): string;
  /** ", billed per started 15 minutes" */
  billedPerStarted(unit: string): string;
  /** A unit of time, singular (in "billed per started minute"). */
  oneMinute: string;
  oneHour: string;
  /** "1 hour 30 minutes" */
  duration(seconds: number): string;
  conditions: ConditionWording;
}

/** When an element applies: each phrase is one part of "Monday to Friday, from 07:00 to 22:00". */
export interface ConditionWording {
  everyDay: string;
  /** Three or more consecutive days: "Monday to Friday". */
  dayRange(first: DayOfWeek, last: DayOfWeek): string;
  /** Any other set of days, in week order: "on Saturdays", "on Saturday and Sunday". */
  days(days: DayOfWeek[]): string;
  timeWindow(start: string, end: string, wrapsPastMidnight: boolean): string;
  fromTime(time: string): string;
  untilTime(time: string): string;
  fromDate(date: string): string;
  beforeDate(date: string): string;
  minKwh(kwh: string): string;
  maxKwh(kwh: string): string;
  afterDuration(seconds: number): string;
  firstDuration(seconds: number): string;
  /** "from 11 kW up to (not including) 22 kW", "at 50 kW or more", "below 22 kW". */
  range(min: string | undefined, max: string | undefined, unit: string): string;
  power(range: string): string;
  current(range: string): string;
}

/** German for 'de' (and 'de-AT', 'de_CH', …), English for every other language. */
export function wordingFor(language: string | undefined): TariffWording {
  return language?.toLowerCase().split(/[-_]/)[0] === 'de' ? german : english;
}
