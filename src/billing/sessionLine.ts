// One rated CDR as an invoice session line: where and when, how much energy and time, and the priced
// sub-lines from its exact rating breakdown. Start and end stay instants; the invoice prints them in
// the customer's time zone.
import type { CdrRecord } from '../db/repos/cdrs';
import { Dec } from '../invoice/decimal';
import type { InputIssue } from '../invoice/errors';
import type { Language, SessionLineDraft, SignedMeterData } from '../invoice/types';
import { pricedComponents } from './pricedComponents';
import { breakdownOf } from './ratingBreakdown';
import { signedMeterDataOf } from './signedMeterData';

/** A rated CDR and, when known, the charger it was charged at (sessions.charge_point_id). */
export type InvoiceableCdr = CdrRecord & { chargePointId?: string | null };

const SECONDS_PER_HOUR = 3600;

/** Hours (exact) as whole seconds, half up: durations are printed, never priced, on the invoice. */
function seconds(hours: Dec): number {
  return hours.times(SECONDS_PER_HOUR).toDecimalPlaces(0, Dec.ROUND_HALF_UP).toNumber();
}

/** The line, or the issues that stop this CDR from being invoiced. */
export function sessionLineOf(
  record: InvoiceableCdr,
  language: Language,
  path: string,
  signedMeterData: SignedMeterData | undefined,
): { line: SessionLineDraft } | { issues: InputIssue[] } {
  const breakdown = breakdownOf(record, path);
  if (Array.isArray(breakdown)) return { issues: breakdown };
  const issues: InputIssue[] = [];
  const components = pricedComponents(breakdown.lines, language, `${path}.breakdown`, issues);
  if (issues.length > 0) return { issues };

  const location = record.cdr.cdr_location;
  const totals = breakdown.exact_totals;
  const parking = new Dec(totals.total_parking_time);
  const charging = Dec.max(new Dec(totals.total_time).minus(parking), 0);
  const place = [location.postal_code, location.city].filter(Boolean).join(' ');
  const evidence = signedMeterData ?? signedMeterDataOf(record.cdr);
  return {
    line: {
      id: record.sessionId ?? record.id,
      cdrId: record.id,
      location: { name: location.name ?? location.address, address: `${location.address}, ${place}` },
      evseId: location.evse_id,
      ...(record.chargePointId ? { chargerId: record.chargePointId } : {}),
      start: record.startDateTime,
      end: record.endDateTime,
      energyKwh: new Dec(totals.total_energy).toFixed(),
      chargingSeconds: seconds(charging),
      idleSeconds: seconds(parking),
      components,
      ...(evidence && { signedMeterData: evidence }),
    },
  };
}
