// A priced CDR as a person reads it on a terminal: where and when, what was delivered, and every line
// of the rating breakdown with its volume, unit price and cost, then the OCPI totals.
import Decimal from 'decimal.js';
import { DateTime } from 'luxon';
import type { CdrRecord } from '../db';

interface BreakdownLine {
  kind: string;
  period_index: number | null;
  dimension: string | null;
  volume: string;
  unit_price: string | null;
  vat_percent: string | null;
  cost_excl_vat: string;
  note?: string;
}

const UNIT: Record<string, string> = { ENERGY: 'kWh', TIME: 'h', PARKING_TIME: 'h', FLAT: 'session' };

function local(iso: string, zone: string): string {
  return DateTime.fromISO(iso, { zone }).toFormat('ccc yyyy-LL-dd HH:mm:ss');
}

function pad(text: string, width: number): string {
  return text.length >= width ? text : text + ' '.repeat(width - text.length);
}

function padStart(text: string, width: number): string {
  return text.length >= width ? text : ' '.repeat(width - text.length) + text;
}

/** Lines of text describing `record` with times in `timeZone`. */
export function cdrReport(record: CdrRecord, timeZone: string): string[] {
  const { cdr } = record;
  const lines = (record.breakdown as { lines?: BreakdownLine[] } | null)?.lines ?? [];
  const currency = cdr.currency;
  const out = [
    `CDR ${cdr.id}  (${cdr.country_code}*${cdr.party_id})`,
    `  Location   ${cdr.cdr_location.name ?? cdr.cdr_location.id}, ${cdr.cdr_location.address}, ${cdr.cdr_location.city}  EVSE ${cdr.cdr_location.evse_id}`,
    `  Token      ${cdr.cdr_token.uid} (contract ${cdr.cdr_token.contract_id})`,
    `  Session    ${local(cdr.start_date_time, timeZone)} → ${local(cdr.end_date_time, timeZone)} ${timeZone}`,
    `  Delivered  ${cdr.total_energy} kWh in ${cdr.total_time} h, of which idle ${cdr.total_parking_time ?? 0} h`,
    '',
    `  ${pad('period', 22)}${pad('component', 14)}${padStart('volume', 12)}${padStart('unit price', 13)}${padStart('VAT', 6)}${padStart('cost', 12)}`,
  ];
  for (const line of lines) {
    const period =
      line.period_index === null
        ? 'session'
        : local(cdr.charging_periods[line.period_index].start_date_time, timeZone).slice(4);
    const what =
      line.kind === 'usage' || line.kind === 'flat'
        ? (line.dimension ?? line.kind)
        : `${line.dimension ?? ''} ${line.kind}`.trim();
    const unit = line.dimension ? (UNIT[line.dimension] ?? '') : '';
    out.push(
      `  ${pad(period, 22)}${pad(what, 14)}${padStart(`${trim(line.volume, 4)} ${unit}`, 12)}${padStart(line.unit_price ? trim(line.unit_price, 4) : '', 13)}${padStart(line.vat_percent ? `${trim(line.vat_percent, 1)}%` : '', 6)}${padStart(trim(line.cost_excl_vat, 4), 12)}` +
        (line.note ? `  (${line.note})` : ''),
    );
  }
  const money = (p: { excl_vat: number; incl_vat?: number } | undefined) =>
    p ? `${p.excl_vat} excl. VAT, ${p.incl_vat ?? p.excl_vat} incl. VAT` : '-';
  out.push(
    '',
    `  Energy     ${money(cdr.total_energy_cost)} ${currency}`,
    `  Time       ${money(cdr.total_time_cost)} ${currency}`,
    `  Idle       ${money(cdr.total_parking_cost)} ${currency}`,
    `  Fees       ${money(cdr.total_fixed_cost)} ${currency}`,
    `  TOTAL      ${money(cdr.total_cost)} ${currency}`,
  );
  return out;
}

/** A decimal string for display: at most `places` decimals (half-up), no trailing zeros. */
function trim(decimal: string, places: number): string {
  return new Decimal(decimal).toDecimalPlaces(places, Decimal.ROUND_HALF_UP).toString();
}
