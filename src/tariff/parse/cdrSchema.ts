// The OCPI 2.2.1 CDR object (mod_cdrs) as a validation schema, strict on what rating reads
// (start/end, currency, charging periods, embedded tariffs) and lenient on the rest: identity,
// token, location and auth fields are OCPI-required but a missing one is a warning, so minimal
// CDRs (like the upstream conformance data) can be priced. Totals are outputs and may be absent.
import { parseInstant } from '../time/instant';
import { childPath, type InputIssue } from './issues';
import { checkCurrency, checkDateTime } from './ocpiFormats';
import { anyObject, arrayOf, booleanValue, numberOf, objectOf, oneOf, stringOf } from './schema';
import { tariffSchema } from './tariffSchema';

export const CDR_DIMENSIONS = [
  'CURRENT',
  'ENERGY',
  'ENERGY_EXPORT',
  'ENERGY_IMPORT',
  'MAX_CURRENT',
  'MIN_CURRENT',
  'MAX_POWER',
  'MIN_POWER',
  'PARKING_TIME',
  'POWER',
  'RESERVATION_TIME',
  'STATE_OF_CHARGE',
  'TIME',
] as const;

const dateTime = stringOf({ validate: checkDateTime });
/** Totals are recomputed by rating; a credit CDR carries negative ones, so only their type is checked. */
const totalPrice = objectOf('Price', {
  excl_vat: { check: numberOf(), required: 'error' },
  incl_vat: { check: numberOf() },
});
const totalQuantity = numberOf();
const NOT_NEEDED = 'OCPI requires it; rating does not need it';

const cdrDimension = objectOf('CdrDimension', {
  type: { check: oneOf(CDR_DIMENSIONS), required: 'error' },
  volume: { check: numberOf({ min: 0 }), required: 'error' },
});

const chargingPeriod = objectOf(
  'ChargingPeriod',
  {
    start_date_time: { check: dateTime, required: 'error' },
    dimensions: { check: arrayOf(cdrDimension, { minItems: 1 }), required: 'error' },
    tariff_id: { check: stringOf({ maxLength: 36 }) },
  },
  (period, path, issues) => {
    const seen = new Set<string>();
    (period.dimensions as { type: string }[]).forEach((dimension, index) => {
      if (seen.has(dimension.type)) {
        issues.push({
          severity: 'warning',
          code: 'duplicate_dimension',
          path: childPath(childPath(childPath(path, 'dimensions'), index), 'type'),
          message: `${dimension.type} appears more than once in this period; the volumes are added`,
        });
      }
      seen.add(dimension.type);
    });
  },
);

/** Periods must start in order, within the session; each one ends where the next begins. */
function periodOrder(cdr: Record<string, unknown>, path: string, issues: InputIssue[]): void {
  const start = parseInstant(cdr.start_date_time as string)!;
  const end = parseInstant(cdr.end_date_time as string)!;
  const at = (field: string) => childPath(path, field);
  if (end < start) {
    issues.push({
      severity: 'error',
      code: 'invalid_value',
      path: at('end_date_time'),
      message: `end_date_time ${String(cdr.end_date_time)} is before start_date_time ${String(cdr.start_date_time)}`,
    });
  }
  const periods = cdr.charging_periods as { start_date_time: string }[];
  let previous = -Infinity;
  let outside = false;
  periods.forEach((period, index) => {
    const periodPath = childPath(childPath(at('charging_periods'), index), 'start_date_time');
    const periodStart = parseInstant(period.start_date_time)!;
    if (periodStart <= previous) {
      issues.push({
        severity: 'error',
        code: 'periods_out_of_order',
        path: periodPath,
        message: `${period.start_date_time} is not after the previous period's start: periods must be in time order and not overlap`,
      });
    }
    if (periodStart > end) {
      issues.push({
        severity: 'error',
        code: 'period_after_end',
        path: periodPath,
        message: `${period.start_date_time} is after the CDR's end_date_time ${String(cdr.end_date_time)}`,
      });
    } else if (periodStart < start && !outside) {
      outside = true;
      issues.push({
        severity: 'warning',
        code: 'periods_outside_start_end_date_time',
        path: periodPath,
        message: `period starts before the CDR's start_date_time ${String(cdr.start_date_time)}; the session is measured from the first period`,
      });
    }
    previous = periodStart;
  });
}

export const cdrSchema = objectOf(
  'CDR',
  {
    country_code: { check: stringOf({ maxLength: 2 }), required: 'warning', note: NOT_NEEDED },
    party_id: { check: stringOf({ maxLength: 3 }), required: 'warning', note: NOT_NEEDED },
    id: { check: stringOf({ maxLength: 39 }), required: 'warning', note: NOT_NEEDED },
    start_date_time: { check: dateTime, required: 'error' },
    end_date_time: { check: dateTime, required: 'error' },
    session_id: { check: stringOf({ maxLength: 36 }) },
    cdr_token: { check: anyObject, required: 'warning', note: NOT_NEEDED },
    auth_method: {
      check: oneOf(['AUTH_REQUEST', 'COMMAND', 'WHITELIST']),
      required: 'warning',
      note: NOT_NEEDED,
    },
    authorization_reference: { check: stringOf({ maxLength: 36 }) },
    cdr_location: { check: anyObject, required: 'warning', note: NOT_NEEDED },
    meter_id: { check: stringOf({ maxLength: 255 }) },
    currency: { check: stringOf({ validate: checkCurrency }), required: 'error' },
    tariffs: { check: arrayOf(tariffSchema) },
    charging_periods: { check: arrayOf(chargingPeriod, { minItems: 1 }), required: 'error' },
    signed_data: { check: anyObject },
    total_cost: { check: totalPrice },
    total_fixed_cost: { check: totalPrice },
    total_energy: { check: totalQuantity },
    total_energy_cost: { check: totalPrice },
    total_time: { check: totalQuantity },
    total_time_cost: { check: totalPrice },
    total_parking_time: { check: totalQuantity },
    total_parking_cost: { check: totalPrice },
    total_reservation_cost: { check: totalPrice },
    remark: { check: stringOf({ maxLength: 255 }) },
    invoice_reference_id: { check: stringOf({ maxLength: 39 }) },
    credit: { check: booleanValue },
    credit_reference_id: { check: stringOf({ maxLength: 39 }) },
    home_charging_compensation: { check: booleanValue },
    last_updated: { check: dateTime, required: 'warning', note: NOT_NEEDED },
  },
  periodOrder,
);
