// What the CII and UBL renderers share: code lists, sign handling and the EN 16931 limits.
import { minorUnitExponent } from '../../money/currency';
import { formatDuration } from '../format';
import { isoDateOf, localDateTime, sameDay, timeOf } from '../localTime';
import type { Invoice, QuantityUnit, SessionLine } from '../types';

/** UN/ECE Recommendation 20 unit codes. */
export const UNIT_CODES: Record<QuantityUnit, string> = { kWh: 'KWH', h: 'HUR', min: 'MIN', session: 'C62' };

/** UNTDID 1001: commercial invoice, credit note, self-billed invoice. */
export function documentTypeCode(invoice: Invoice): '380' | '381' | '389' {
  if (invoice.kind === 'credit_note') return '381';
  return invoice.selfBilled ? '389' : '380';
}

/**
 * UNTDID 4461 payment means: 48 bank card (paid or refunded by card), 58 SEPA credit transfer
 * (amount due by transfer), 97 clearing between partners (a credit offset against an open invoice).
 */
export function paymentMeansCode(invoice: Invoice): '48' | '58' | '97' {
  const { payment, kind } = invoice;
  if (payment.status === 'paid' && payment.method === 'card') return '48';
  if (kind === 'credit_note' && payment.status !== 'paid') return '97';
  return '58';
}

/**
 * Amounts as the syntax carries them. Our credit notes hold negative amounts (they undo an
 * invoice in the ledger); a CII 381 or UBL CreditNote states them positive, the type says "credit".
 */
export function documentSign(invoice: Invoice): (value: string) => string {
  return invoice.kind === 'credit_note' ? negate : (value) => value;
}

/** Exact negation of a decimal string, keeping its digits ("-12.30" → "12.30", "0.00" stays). */
function negate(value: string): string {
  if (value.startsWith('-')) return value.slice(1);
  return /^0(\.0+)?$/.test(value) ? value : `-${value}`;
}

/** EN 16931 allows at most two decimals in amounts (BR-DEC-*): a KWD or BHD invoice cannot be carried. */
export function assertEn16931Currency(invoice: Invoice): void {
  if (minorUnitExponent(invoice.currency) > 2) {
    throw new Error(
      `invoice ${invoice.number}: EN 16931 allows at most 2 decimals in amounts (BR-DEC), ` +
        `but ${invoice.currency} has ${minorUnitExponent(invoice.currency)}; no e-invoice can be rendered`,
    );
  }
}

export function compactDate(isoDate: string): string {
  return isoDate.replaceAll('-', '');
}

/** What every e-invoice line of a session repeats: its note (BT-127) and its local dates (BG-26). */
export interface SessionFacts {
  note: string;
  startDate: string;
  endDate: string;
}

export function sessionFacts(line: SessionLine, timeZone: string): SessionFacts {
  const start = localDateTime(line.start, timeZone);
  const end = localDateTime(line.end, timeZone);
  const endText = sameDay(start, end) ? timeOf(end) : `${isoDateOf(end)} ${timeOf(end)}`;
  const note = [
    `Session ${line.id}${line.cdrId ? ` (CDR ${line.cdrId})` : ''}`,
    `${line.location.name}${line.location.address ? `, ${line.location.address}` : ''}`,
    `EVSE ${line.evseId}`,
    `${isoDateOf(start)} ${timeOf(start)}–${endText} ${timeZone}`,
    `${line.energyKwh} kWh`,
    `charging ${formatDuration(line.chargingSeconds)}`,
    `idle ${formatDuration(line.idleSeconds)}`,
  ].join(' · ');
  return { note, startDate: isoDateOf(start), endDate: isoDateOf(end) };
}
