// Tariff descriptions in German: decimal comma and "0,39 €" come from the locale.
import type { DayOfWeek } from '../types';
import type { TariffWording } from './wording';

const DAY_NAMES: Record<DayOfWeek, string> = {
  MONDAY: 'Montag',
  TUESDAY: 'Dienstag',
  WEDNESDAY: 'Mittwoch',
  THURSDAY: 'Donnerstag',
  FRIDAY: 'Freitag',
  SATURDAY: 'Samstag',
  SUNDAY: 'Sonntag',
};
/** "samstags": on every Saturday. */
const everyWeekday = (day: DayOfWeek) => `${DAY_NAMES[day].toLowerCase()}s`;
const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** "1 Stunde 30 Minuten", "45 Sekunden". */
function duration(seconds: number): string {
  const [hours, minutes, rest] = [
    Math.floor(seconds / 3600),
    Math.floor((seconds % 3600) / 60),
    seconds % 60,
  ];
  const parts = [hours && count(hours, 'Stunde', 'Stunden'), minutes && count(minutes, 'Minute', 'Minuten')];
  const named = parts.filter((part): part is string => Boolean(part));
  if (rest || named.length === 0) named.push(count(rest, 'Sekunde', 'Sekunden'));
  return named.join(' ');
}

/** "in den ersten 2 Stunden", but "in der ersten Stunde". */
function firstDuration(seconds: number): string {
  if (seconds === 3600) return 'in der ersten Stunde';
  if (seconds === 60) return 'in der ersten Minute';
  return `in den ersten ${duration(seconds)}`;
}

/** "14.01.2025" from "2025-01-14". */
const germanDate = (isoDate: string) => isoDate.split('-').reverse().join('.');

export const german: TariffWording = {
  language: 'de',
  locale: 'de-DE',
  title: (idAndType, currency) => `Tarif ${idAndType}, Preise in ${currency}`,
  free: {
    FLAT: 'Keine Startgebühr',
    ENERGY: 'Keine Kosten für Energie',
    TIME: 'Keine Kosten für die Ladezeit',
    PARKING_TIME: 'Keine Blockiergebühr',
    RESERVATION_FLAT: 'Keine Reservierungsgebühr',
    RESERVATION_TIME: 'Keine Kosten für die Reservierungszeit',
  },
  freeOtherwise: (free) => `Sonst ${free[0].toLowerCase()}${free.slice(1)}`,
  expiredUnused: ', wenn die Reservierung ungenutzt verfällt',
  chargingIsFree: 'Laden ist kostenlos.',
  otherwise: 'sonst',
  per: { session: 'je Ladevorgang', kWh: 'je kWh', minute: 'je Minute', hour: 'je Stunde' },
  noVat: 'ohne MwSt.',
  inclVat: (percent) => `inkl. ${percent}\u00a0% MwSt.`,
  minimumPrice: 'Mindestpreis je Ladevorgang',
  maximumPrice: 'Höchstpreis je Ladevorgang',
  exclVatShort: 'ohne MwSt.',
  inclVatShort: 'inkl. MwSt.',
  validity: (from, until) =>
    `Dieser Tarif gilt für Ladevorgänge mit Beginn ${[from && `ab ${from}`, until && `bis ${until}`].filter(Boolean).join(' ')} (UTC).`,
  billedPerStarted: (unit) => `, abgerechnet je angefangene ${unit}`,
  oneMinute: 'Minute',
  oneHour: 'Stunde',
  duration,
  conditions: {
    everyDay: 'täglich',
    dayRange: (first, last) => `${DAY_NAMES[first]} bis ${DAY_NAMES[last]}`,
    days: (days) =>
      days.length === 1
        ? everyWeekday(days[0])
        : `${days.slice(0, -1).map(everyWeekday).join(', ')} und ${everyWeekday(days[days.length - 1])}`,
    timeWindow: (start, end, wraps) =>
      `von ${start} bis ${end === '00:00' ? 'Mitternacht' : `${end} Uhr`}${wraps ? ' am Folgetag' : ''}`,
    fromTime: (time) => `ab ${time} Uhr`,
    untilTime: (time) => `bis ${time} Uhr`,
    fromDate: (date) => `ab dem ${germanDate(date)}`,
    beforeDate: (date) => `vor dem ${germanDate(date)}`,
    minKwh: (kwh) => `sobald ${kwh} kWh geladen sind`,
    maxKwh: (kwh) => `für die ersten ${kwh} kWh`,
    afterDuration: (seconds) => `nach ${duration(seconds)}`,
    firstDuration,
    range: (min, max, unit) => {
      if (min !== undefined && max !== undefined) return `von ${min} bis unter ${max} ${unit}`;
      return min !== undefined ? `ab ${min} ${unit}` : `unter ${max} ${unit}`;
    },
    power: (range) => `bei einer Ladeleistung ${range}`,
    current: (range) => `bei einem Ladestrom ${range}`,
  },
};
