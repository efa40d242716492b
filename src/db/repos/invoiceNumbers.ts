// Gapless invoice numbers: one counter row per (issuer, series, year), advanced with
// UPDATE … SET next_sequence = next_sequence + 1 RETURNING inside the transaction that inserts the
// invoice. The row lock serialises concurrent issuers; a transaction that rolls back also rolls the
// counter back, so a number is only ever used by a committed invoice and no number is skipped.
import type { Knex } from 'knex';

export interface InvoiceNumber {
  series: string;
  /** Calendar year the sequence belongs to; 0 for numbering without a yearly reset. */
  year: number;
  /** 1, 2, 3, … without gaps within (issuer, series, year). */
  sequence: number;
  /** e.g. INV-2026-000123 (yearly) or INV-000123. */
  number: string;
}

export interface NumberRequest {
  issuerId: string;
  series: string;
  /** The issue date's year, or 0 when the issuer numbers without a yearly reset. */
  year: number;
  /** Zero-padded digits of the sequence. */
  digits: number;
}

export function formatInvoiceNumber(series: string, year: number, sequence: number, digits: number): string {
  const padded = String(sequence).padStart(digits, '0');
  return year === 0 ? `${series}-${padded}` : `${series}-${year}-${padded}`;
}

/** Takes the next number of the series. Only inside the transaction that stores the document. */
export async function takeInvoiceNumber(
  trx: Knex.Transaction,
  request: NumberRequest,
): Promise<InvoiceNumber> {
  if (!trx.isTransaction) {
    throw new Error(
      'takeInvoiceNumber must run inside the transaction that inserts the invoice (gapless numbering)',
    );
  }
  const key = { issuer_id: request.issuerId, series: request.series, year: request.year };
  await trx('invoice_number_counters').insert(key).onConflict(['issuer_id', 'series', 'year']).ignore();
  const [row] = await trx('invoice_number_counters')
    .where(key)
    .update({ next_sequence: trx.raw('next_sequence + 1') })
    .returning(trx.raw('next_sequence - 1 as sequence'));
  const sequence = Number((row as { sequence: number | string }).sequence);
  return {
    series: request.series,
    year: request.year,
    sequence,
    number: formatInvoiceNumber(request.series, request.year, sequence, request.digits),
  };
}
