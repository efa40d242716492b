// The IANA time zone of a CDR location. OCPI's CdrLocation carries a country (ISO 3166-1 alpha-3)
// and coordinates but no zone, while tariff restrictions (start_time, day_of_week) are local time.
// For countries with a single zone the country decides; elsewhere the caller must say (RetailOptions
// .timeZoneOf), and without that the CDR is rated in UTC and the rating says so.
import type { Cdr } from '../tariff/types';

const SINGLE_ZONE_COUNTRIES: Readonly<Record<string, string>> = {
  AUT: 'Europe/Vienna',
  BEL: 'Europe/Brussels',
  BGR: 'Europe/Sofia',
  CHE: 'Europe/Zurich',
  CZE: 'Europe/Prague',
  DEU: 'Europe/Berlin',
  DNK: 'Europe/Copenhagen',
  EST: 'Europe/Tallinn',
  FIN: 'Europe/Helsinki',
  FRA: 'Europe/Paris',
  GBR: 'Europe/London',
  GRC: 'Europe/Athens',
  HRV: 'Europe/Zagreb',
  HUN: 'Europe/Budapest',
  IRL: 'Europe/Dublin',
  ISL: 'Atlantic/Reykjavik',
  ITA: 'Europe/Rome',
  JPN: 'Asia/Tokyo',
  KOR: 'Asia/Seoul',
  LIE: 'Europe/Vaduz',
  LTU: 'Europe/Vilnius',
  LUX: 'Europe/Luxembourg',
  LVA: 'Europe/Riga',
  MLT: 'Europe/Malta',
  NLD: 'Europe/Amsterdam',
  NOR: 'Europe/Oslo',
  POL: 'Europe/Warsaw',
  ROU: 'Europe/Bucharest',
  SGP: 'Asia/Singapore',
  SRB: 'Europe/Belgrade',
  SVK: 'Europe/Bratislava',
  SVN: 'Europe/Ljubljana',
  SWE: 'Europe/Stockholm',
};

/** The zone of the CDR's location, or undefined when its country has several (or is unknown). */
export function countryTimeZone(cdr: Pick<Cdr, 'cdr_location'>): string | undefined {
  const country = cdr.cdr_location?.country;
  return typeof country === 'string' ? SINGLE_ZONE_COUNTRIES[country.toUpperCase()] : undefined;
}
