// The OCPI 2.2.1 Tariff object (mod_tariffs) as a validation schema.
//
// Format of identifiers (country_code alpha-2, party_id, currency case) is the linter's business.
// Leniency (documented in src/tariff/README.md): `country_code`, `party_id` and `last_updated` are
// required by OCPI but not needed to rate; real data (and the upstream conformance set) omits them,
// so their absence is a warning. A missing `step_size` is a warning and counts as 1 (the unit's base
// step: 1 Wh or 1 s, i.e. no rounding). Everything the price depends on is strict.
import { parseInstant } from '../time/instant';
import type { InputIssue } from './issues';
import { checkCurrency, checkDateTime, checkLocalDate, checkTimeOfDay } from './ocpiFormats';
import { anyObject, arrayOf, numberOf, objectOf, oneOf, stringOf, type Check } from './schema';

export const TARIFF_DIMENSIONS = ['ENERGY', 'FLAT', 'PARKING_TIME', 'TIME'] as const;
export const TARIFF_TYPES = [
  'AD_HOC_PAYMENT',
  'PROFILE_CHEAP',
  'PROFILE_FAST',
  'PROFILE_GREEN',
  'REGULAR',
] as const;
export const DAYS_OF_WEEK = [
  'MONDAY',
  'TUESDAY',
  'WEDNESDAY',
  'THURSDAY',
  'FRIDAY',
  'SATURDAY',
  'SUNDAY',
] as const;
export const RESERVATION_TYPES = ['RESERVATION', 'RESERVATION_EXPIRES'] as const;

const nonNegative = numberOf({ min: 0 });
const dateTime = stringOf({ validate: checkDateTime });

export const priceSchema: Check = objectOf('Price', {
  excl_vat: { check: nonNegative, required: 'error' },
  incl_vat: { check: nonNegative },
});

const displayText = objectOf('DisplayText', {
  language: { check: stringOf({ maxLength: 2 }), required: 'error' },
  text: { check: stringOf({ maxLength: 512 }), required: 'error' },
});

const priceComponent = objectOf('PriceComponent', {
  type: { check: oneOf(TARIFF_DIMENSIONS), required: 'error' },
  price: { check: nonNegative, required: 'error' },
  vat: { check: numberOf({ min: 0, unit: '%' }) },
  step_size: {
    check: numberOf({ min: 0, integer: true }),
    required: 'warning',
    note: 'counted as 1: no rounding beyond 1 Wh / 1 s',
  },
});

const restrictions = objectOf('TariffRestrictions', {
  start_time: { check: stringOf({ validate: checkTimeOfDay }) },
  end_time: { check: stringOf({ validate: checkTimeOfDay }) },
  start_date: { check: stringOf({ validate: checkLocalDate }) },
  end_date: { check: stringOf({ validate: checkLocalDate }) },
  min_kwh: { check: numberOf({ min: 0, unit: 'kWh' }) },
  max_kwh: { check: numberOf({ min: 0, unit: 'kWh' }) },
  min_current: { check: numberOf({ min: 0, unit: 'A' }) },
  max_current: { check: numberOf({ min: 0, unit: 'A' }) },
  min_power: { check: numberOf({ min: 0, unit: 'kW' }) },
  max_power: { check: numberOf({ min: 0, unit: 'kW' }) },
  min_duration: { check: numberOf({ min: 0, integer: true, unit: 's' }) },
  max_duration: { check: numberOf({ min: 0, integer: true, unit: 's' }) },
  day_of_week: { check: arrayOf(oneOf(DAYS_OF_WEEK)) },
  reservation: { check: oneOf(RESERVATION_TYPES) },
});

const tariffElement = objectOf('TariffElement', {
  price_components: { check: arrayOf(priceComponent, { minItems: 1 }), required: 'error' },
  restrictions: { check: restrictions },
});

const MISSING_IN_UPSTREAM_DATA = 'OCPI requires it; rating does not need it';

function validityOrder(tariff: Record<string, unknown>, path: string, issues: InputIssue[]): void {
  const start = typeof tariff.start_date_time === 'string' ? parseInstant(tariff.start_date_time) : undefined;
  const end = typeof tariff.end_date_time === 'string' ? parseInstant(tariff.end_date_time) : undefined;
  if (start !== undefined && end !== undefined && end <= start) {
    issues.push({
      severity: 'error',
      code: 'invalid_value',
      path: path === '$' ? 'end_date_time' : `${path}.end_date_time`,
      message: `end_date_time ${String(tariff.end_date_time)} is not after start_date_time ${String(tariff.start_date_time)}`,
    });
  }
}

export const tariffSchema: Check = objectOf(
  'Tariff',
  {
    country_code: { check: stringOf(), required: 'warning', note: MISSING_IN_UPSTREAM_DATA },
    party_id: { check: stringOf(), required: 'warning', note: MISSING_IN_UPSTREAM_DATA },
    id: { check: stringOf({ maxLength: 36 }), required: 'error' },
    currency: { check: stringOf({ validate: checkCurrency }), required: 'error' },
    type: { check: oneOf(TARIFF_TYPES) },
    tariff_alt_text: { check: arrayOf(displayText) },
    tariff_alt_url: { check: stringOf() },
    min_price: { check: priceSchema },
    max_price: { check: priceSchema },
    elements: { check: arrayOf(tariffElement, { minItems: 1 }), required: 'error' },
    energy_mix: { check: anyObject },
    start_date_time: { check: dateTime },
    end_date_time: { check: dateTime },
    last_updated: { check: dateTime, required: 'warning', note: MISSING_IN_UPSTREAM_DATA },
  },
  validityOrder,
);
