// CDRs as finance exports them: one row per CDR that ended in the range (dates in the export's time
// zone), by end time, with its OCPI totals (4 decimals, as sent to partners) and, once invoiced, the
// invoice number and the session's net on it (rounded to the currency, see src/billing/README.md):
// the two columns that reconcile CDRs with invoices.
import type { Knex } from 'knex';
import { countOf, type ExportDataset, type ExportFilter } from './exportDataset';
import { keysetPage, keysetRows, type Keyset } from './keysetRows';

export interface CdrExportRow {
  id: string;
  session_id: string | null;
  country_code: string;
  party_id: string;
  token_uid: string | null;
  contract_id: string | null;
  evse_id: string | null;
  start_date_time: string;
  end_date_time: string;
  currency: string;
  total_energy_kwh: string | null;
  total_time_h: string | null;
  total_parking_time_h: string | null;
  total_cost_excl_vat: string | null;
  total_cost_incl_vat: string | null;
  total_energy_cost_excl_vat: string | null;
  total_time_cost_excl_vat: string | null;
  total_parking_cost_excl_vat: string | null;
  total_fixed_cost_excl_vat: string | null;
  credit: boolean;
  credit_reference_id: string | null;
  invoice_number: string | null;
  invoiced_net: string | null;
  last_updated: string;
}

type Row = Record<string, unknown>;

const COLUMNS = [
  'id',
  'session_id',
  'country_code',
  'party_id',
  'token_uid',
  'contract_id',
  'evse_id',
  'start_date_time',
  'end_date_time',
  'currency',
  'total_energy_kwh',
  'total_time_h',
  'total_parking_time_h',
  'total_cost_excl_vat',
  'total_cost_incl_vat',
  'total_energy_cost_excl_vat',
  'total_time_cost_excl_vat',
  'total_parking_cost_excl_vat',
  'total_fixed_cost_excl_vat',
  'credit',
  'credit_reference_id',
  'invoice_number',
  'invoiced_net',
  'last_updated',
] as const satisfies readonly (keyof CdrExportRow)[];

function matching(db: Knex, filter: ExportFilter): Knex.QueryBuilder {
  return db('cdrs as c')
    .where('c.end_date_time', '>=', filter.range.fromInstant)
    .where('c.end_date_time', '<', filter.range.toInstant);
}

/** End order: end time, then id. */
const END_ORDER: Keyset<Row> = {
  columns: ['c.end_date_time', 'c.id'],
  of: (row) => [row.end_date_time as Date, row.id as string],
};

const iso = (value: unknown) => (value as Date).toISOString();

function toExportRow(row: Row): CdrExportRow {
  return {
    id: row.id as string,
    session_id: row.session_id as string | null,
    country_code: row.country_code as string,
    party_id: row.party_id as string,
    token_uid: row.token_uid as string | null,
    contract_id: row.contract_id as string | null,
    evse_id: row.evse_id as string | null,
    start_date_time: iso(row.start_date_time),
    end_date_time: iso(row.end_date_time),
    currency: row.currency as string,
    total_energy_kwh: row.total_energy as string | null,
    total_time_h: row.total_time as string | null,
    total_parking_time_h: row.total_parking_time as string | null,
    total_cost_excl_vat: row.total_cost_excl_vat as string | null,
    total_cost_incl_vat: row.total_cost_incl_vat as string | null,
    total_energy_cost_excl_vat: row.total_energy_cost_excl_vat as string | null,
    total_time_cost_excl_vat: row.total_time_cost_excl_vat as string | null,
    total_parking_cost_excl_vat: row.total_parking_cost_excl_vat as string | null,
    total_fixed_cost_excl_vat: row.total_fixed_cost_excl_vat as string | null,
    credit: row.credit as boolean,
    credit_reference_id: row.credit_reference_id as string | null,
    invoice_number: row.invoice_number as string | null,
    invoiced_net: row.invoiced_net as string | null,
    last_updated: iso(row.last_updated),
  };
}

export const cdrDataset: ExportDataset<CdrExportRow> = {
  columns: COLUMNS,
  count: (db, filter) => countOf(matching(db, filter)),
  async *rows(db, filter) {
    const pages = keysetRows<Row>((after, limit) => {
      const query = matching(db, filter)
        .leftJoin('invoice_cdrs as ic', function () {
          this.on('ic.cdr_id', 'c.id').andOnVal('ic.kind', 'invoice');
        })
        .leftJoin('invoices as inv', 'inv.id', 'ic.invoice_id')
        .select(
          'c.id',
          'c.session_id',
          'c.country_code',
          'c.party_id',
          'c.start_date_time',
          'c.end_date_time',
          'c.currency',
          'c.total_energy',
          'c.total_time',
          'c.total_parking_time',
          'c.total_cost_excl_vat',
          'c.total_cost_incl_vat',
          'c.total_energy_cost_excl_vat',
          'c.total_time_cost_excl_vat',
          'c.total_parking_cost_excl_vat',
          'c.total_fixed_cost_excl_vat',
          'c.credit',
          'c.credit_reference_id',
          'c.last_updated',
          'inv.number as invoice_number',
          db.raw(`c.cdr->'cdr_token'->>'uid' as token_uid`),
          db.raw(`c.cdr->'cdr_token'->>'contract_id' as contract_id`),
          db.raw(`c.cdr->'cdr_location'->>'evse_id' as evse_id`),
          db.raw(
            `(select l->>'netAmount' from jsonb_array_elements(inv.invoice->'lines') l where l->>'id' = ic.line_id) as invoiced_net`,
          ),
        );
      return keysetPage(query, END_ORDER, after, limit);
    }, filter.pageSize);
    for await (const row of pages) yield toExportRow(row);
  },
};
