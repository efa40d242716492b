// Tariff descriptions in English (also the fallback for languages chargeledger does not write).
import type { DayOfWeek } from '../types';
import type { TariffWording } from './wording';

const dayName = (day: DayOfWeek) => day[0] + day.slice(1).toLowerCase();
const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;

/** "1 hour 30 minutes", "45 seconds". */
function duration(seconds: number): string {
  const [hours, minutes, rest] = [
    Math.floor(seconds / 3600),
    Math.floor((seconds % 3600) / 60),
    seconds % 60,
  ];
  const parts = [hours && plural(hours, 'hour'), minutes && plural(minutes, 'minute')].filter(Boolean);
  if (rest || parts.length === 0) parts.push(plural(rest, 'second'));
  return parts.join(' ');
}

export const english: TariffWording = {
  language: 'en',
  locale: 'en',
  title: (idAndType, currency) => `Tariff ${idAndType}, prices in ${currency}`,
  free: {
    FLAT: 'No session fee',
    ENERGY: 'No charge for energy',
    TIME: 'No charge for charging time',
    PARKING_TIME: 'No idle fee',
    RESERVATION_FLAT: 'No reservation fee',
    RESERVATION_TIME: 'No charge for reservation time',
  },
  freeOtherwise: (free) => `${free} otherwise`,
  expiredUnused: ' when the reservation expires unused',
  chargingIsFree: 'Charging is free of charge.',
  otherwise: 'otherwise',
  per: { session: 'per session', kWh: 'per kWh', minute: 'per minute', hour: 'per hour' },
  noVat: 'no VAT',
  inclVat: (percent) => `incl. ${percent}% VAT`,
  minimumPrice: 'Minimum price per session',
  maximumPrice: 'Maximum price per session',
  exclVatShort: 'excl. VAT',
  inclVatShort: 'incl. VAT',
  validity: (from, until) =>
    `This tariff applies to sessions starting ${[from && `from ${from}`, until && `until ${until}`].filter(Boolean).join(' ')} (UTC).`,
  billedPerStarted: (unit) => `, billed per started ${unit}`,
  oneMinute: 'minute',
  oneHour: 'hour',
  duration,
  conditions: {
    everyDay: 'every day',
    dayRange: (first, last) => `${dayName(first)} to ${dayName(last)}`,
    days: (days) =>
      days.length === 1
        ? `on ${dayName(days[0])}s`
        : `on ${days.slice(0, -1).map(dayName).join(', ')} and ${dayName(days[days.length - 1])}`,
    timeWindow: (start, end, wraps) =>
      `from ${start} to ${end === '00:00' ? 'midnight' : end}${wraps ? ' the next day' : ''}`,
    fromTime: (time) => `from ${time}`,
    untilTime: (time) => `until ${time}`,
    fromDate: (date) => `from ${date}`,
    beforeDate: (date) => `before ${date}`,
    minKwh: (kwh) => `once ${kwh} kWh have been charged`,
    maxKwh: (kwh) => `for the first ${kwh} kWh`,
    afterDuration: (seconds) => `after ${duration(seconds)} of the session`,
    firstDuration: (seconds) => `during the first ${duration(seconds)} of the session`,
    range: (min, max, unit) => {
      if (min !== undefined && max !== undefined)
        return `from ${min} ${unit} up to (not including) ${max} ${unit}`;
      return min !== undefined ? `at ${min} ${unit} or more` : `below ${max} ${unit}`;
    },
    power: (range) => `when charging ${range}`,
    current: (range) => `when charging ${range}`,
  },
};
