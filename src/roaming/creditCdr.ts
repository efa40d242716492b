// Correcting a CDR already sent: OCPI (mod_cdrs, Credit CDRs) never changes a CDR; the CPO sends a
// credit CDR with all the data of the original, credit = true, credit_reference_id = the original's
// id and the negated total_cost, and then, if needed, a new CDR with a new id.
import type { Knex } from 'knex';
import { getCdr, storeCdr, type CdrRecord } from '../db/repos/cdrs';
import { resolveDisputeByCredit } from '../db/repos/settlements';
import type { Cdr } from '../tariff/types';

/** Pure: the credit CDR cancelling `original`. Its id defaults to the original's with "-C" appended. */
export function creditCdrOf(original: Cdr, options: { lastUpdated: string; id?: string }): Cdr {
  if (original.credit) throw new Error(`CDR ${original.id} is a credit CDR itself and cannot be credited`);
  if (!original.total_cost) throw new Error(`CDR ${original.id} has no total_cost to credit`);
  const { invoice_reference_id: _notInvoicedYet, ...data } = original;
  const negated = (value: number) => (value === 0 ? 0 : -value);
  return {
    ...data,
    id: options.id ?? `${original.id}-C`,
    credit: true,
    credit_reference_id: original.id,
    total_cost: {
      excl_vat: negated(original.total_cost.excl_vat),
      ...(original.total_cost.incl_vat === undefined
        ? {}
        : { incl_vat: negated(original.total_cost.incl_vat) }),
    },
    last_updated: options.lastUpdated,
  };
}

/**
 * CPO side: stores the credit CDR of one of our CDRs and closes the open dispute on it (if any).
 * Idempotent: issuing it again returns the stored credit CDR. Push it with pushCdr afterwards.
 */
export async function issueCreditCdr(
  db: Knex,
  originalId: string,
  options: { lastUpdated: string; id?: string },
): Promise<{ cdr: Cdr; record: CdrRecord; inserted: boolean }> {
  const original = await getCdr(db, originalId);
  if (!original) throw new Error(`no CDR ${JSON.stringify(originalId)} to credit`);
  const credit = creditCdrOf(original.cdr, options);
  const { record, inserted } = await storeCdr(db, { cdr: credit });
  await resolveDisputeByCredit(db, {
    direction: 'sent',
    countryCode: original.countryCode,
    partyId: original.partyId,
    cdrId: original.id,
    creditCdrId: record.id,
  });
  return { cdr: record.cdr, record, inserted };
}
