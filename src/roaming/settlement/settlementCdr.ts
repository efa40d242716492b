// A CDR as settlement sees it: who owns it, which way it went, when it was issued, its total_cost and
// energy as exact decimal strings. Built from our records or from the partner's OCPI CDRs alike, so
// both views can be compared field by field.
import type { CdrDirection } from '../../db/repos/settlements';
import type { Cdr } from '../../tariff/types';

export interface SettlementCdr {
  /** sent: our CDR (we are the CPO, the partner owes us); received: theirs (we owe them). */
  direction: CdrDirection;
  countryCode: string;
  partyId: string;
  id: string;
  startDateTime: string;
  endDateTime: string;
  /** Issue time (OCPI last_updated): decides the settlement period a CDR (or credit CDR) falls in. */
  lastUpdated: string;
  currency: string;
  /** total_cost excl. VAT, exact decimal string (negative on a credit CDR). */
  totalExclVat: string;
  /** total_cost incl. VAT; null when the CDR does not state it. */
  totalInclVat: string | null;
  /** kWh */
  totalEnergy: string;
  credit: boolean;
  creditReferenceId: string | null;
}

/** A JSON number as the decimal it was written as (its shortest round-trip form). */
function decimalText(value: number | undefined, field: string, id: string): string {
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new Error(`CDR ${id}: ${field} must be a number, got ${JSON.stringify(value)}`);
  }
  return String(value);
}

export function settlementCdrOf(cdr: Cdr, direction: CdrDirection): SettlementCdr {
  return {
    direction,
    countryCode: cdr.country_code.toUpperCase(),
    partyId: cdr.party_id.toUpperCase(),
    id: cdr.id,
    startDateTime: cdr.start_date_time,
    endDateTime: cdr.end_date_time,
    lastUpdated: cdr.last_updated,
    currency: cdr.currency.toUpperCase(),
    totalExclVat: decimalText(cdr.total_cost?.excl_vat, 'total_cost.excl_vat', cdr.id),
    totalInclVat:
      cdr.total_cost?.incl_vat === undefined
        ? null
        : decimalText(cdr.total_cost.incl_vat, 'total_cost.incl_vat', cdr.id),
    totalEnergy: decimalText(cdr.total_energy, 'total_energy', cdr.id),
    credit: cdr.credit ?? false,
    creditReferenceId: cdr.credit_reference_id ?? null,
  };
}

/** What identifies a CDR across both systems: OCPI ids are unique per (country_code, party_id). */
export function cdrKey(cdr: Pick<SettlementCdr, 'countryCode' | 'partyId' | 'id'>): string {
  return `${cdr.countryCode.toUpperCase()}*${cdr.partyId.toUpperCase()}*${cdr.id}`;
}
