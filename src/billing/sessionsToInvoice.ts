// Contract run selection: the rated CDRs of a customer's tokens that ended in a period (dates in the
// customer's time zone) and are on no invoice yet. A session belongs to the period it ended in: that
// is when its CDR exists, so nothing is ever left between two runs.
import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import { getCdr } from '../db/repos/cdrs';
import { requireCustomer } from '../db/repos/customers';
import type { InputIssue } from '../invoice/errors';
import { BillingInputError } from './errors';
import type { InvoiceableCdr } from './sessionLine';

export interface SessionSelection {
  customerId: string;
  /** First day of the period, YYYY-MM-DD, in the customer's time zone. */
  periodStart: string;
  /** Last day of the period (inclusive), YYYY-MM-DD. */
  periodEnd: string;
  /** Only CDRs in this currency; default the customer's. */
  currency?: string;
}

/** [start of periodStart, start of the day after periodEnd) in `zone`, as instants. */
export function periodInstants(
  periodStart: string,
  periodEnd: string,
  zone: string,
): { from: Date; to: Date } {
  const issues: InputIssue[] = [];
  const start = DateTime.fromISO(periodStart, { zone });
  const end = DateTime.fromISO(periodEnd, { zone });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(periodStart) || !start.isValid)
    issues.push({ path: 'periodStart', message: `expected YYYY-MM-DD, got ${JSON.stringify(periodStart)}` });
  if (!/^\d{4}-\d{2}-\d{2}$/.test(periodEnd) || !end.isValid)
    issues.push({ path: 'periodEnd', message: `expected YYYY-MM-DD, got ${JSON.stringify(periodEnd)}` });
  if (issues.length === 0 && end < start)
    issues.push({
      path: 'periodEnd',
      message: `the period ends (${periodEnd}) before it starts (${periodStart})`,
    });
  if (issues.length > 0) throw new BillingInputError('invalid period', issues);
  return { from: start.startOf('day').toJSDate(), to: end.plus({ days: 1 }).startOf('day').toJSDate() };
}

/** Rated, uninvoiced, uncredited CDRs of the customer's tokens in the period, by end time. */
export async function sessionsToInvoice(db: Knex, selection: SessionSelection): Promise<InvoiceableCdr[]> {
  const customer = await requireCustomer(db, selection.customerId);
  const { from, to } = periodInstants(selection.periodStart, selection.periodEnd, customer.timeZone);
  const rows: Array<{ id: string; charge_point_id: string | null }> = await db('cdrs as c')
    .leftJoin('sessions as s', 's.id', 'c.session_id')
    .whereRaw(`c.cdr->'cdr_token'->>'uid' in (select uid from tokens where customer_id = ?)`, [customer.id])
    .where('c.end_date_time', '>=', from)
    .where('c.end_date_time', '<', to)
    .where('c.credit', false)
    .whereNotNull('c.total_cost_excl_vat')
    .where('c.currency', selection.currency ?? customer.currency)
    .whereNotExists(db('invoice_cdrs as ic').whereRaw('ic.cdr_id = c.id').where('ic.kind', 'invoice'))
    .whereNotExists(db('cdrs as cr').whereRaw('cr.credit_reference_id = c.id').where('cr.credit', true))
    .orderBy([{ column: 'c.end_date_time' }, { column: 'c.id' }])
    .select('c.id', 's.charge_point_id');
  const records: InvoiceableCdr[] = [];
  for (const row of rows) {
    const record = (await getCdr(db, row.id))!;
    records.push({ ...record, chargePointId: row.charge_point_id });
  }
  return records;
}
