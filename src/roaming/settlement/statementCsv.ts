// The statement as CSV for finance: one row per CDR, then one row per total. Amounts are the
// statement's own (rounded per line), so the line rows of a section add up to its total row exactly.
import { stringify } from 'csv-stringify/sync';
import type { Amounts, SettlementStatement } from './statement';

const COLUMNS = [
  'record',
  'direction',
  'country_code',
  'party_id',
  'cdr_id',
  'start_date_time',
  'energy_kwh',
  'excl_vat',
  'vat',
  'incl_vat',
  'currency',
  'status',
  'credit_reference_id',
  'note',
] as const;

type Row = Record<(typeof COLUMNS)[number], string | number | null>;

function totalRow(record: string, direction: string, amounts: Amounts, currency: string, note: string): Row {
  return {
    record,
    direction,
    country_code: null,
    party_id: null,
    cdr_id: null,
    start_date_time: null,
    energy_kwh: amounts.energyKwh,
    excl_vat: amounts.exclVat,
    vat: amounts.vat,
    incl_vat: amounts.inclVat,
    currency,
    status: null,
    credit_reference_id: null,
    note: `${amounts.count} CDR(s); ${note}`,
  };
}

export function statementCsv(statement: SettlementStatement): string {
  const { currency } = statement;
  const rows: Row[] = statement.lines.map((line) => ({
    record: 'cdr',
    direction: line.direction,
    country_code: line.countryCode,
    party_id: line.partyId,
    cdr_id: line.cdrId,
    start_date_time: line.startDateTime,
    energy_kwh: line.energyKwh,
    excl_vat: line.exclVat,
    vat: line.vat,
    incl_vat: line.inclVat,
    currency,
    status: line.status,
    credit_reference_id: line.creditReferenceId,
    note: line.note,
  }));
  rows.push(
    totalRow('total_due', 'sent', statement.receivable, currency, 'the partner owes us'),
    totalRow('total_due', 'received', statement.payable, currency, 'we owe the partner'),
    totalRow('total_withheld', 'sent', statement.withheldReceivable, currency, 'disputed, not due'),
    totalRow('total_withheld', 'received', statement.withheldPayable, currency, 'disputed, not due'),
    {
      record: 'net',
      direction: null,
      country_code: null,
      party_id: null,
      cdr_id: null,
      start_date_time: null,
      energy_kwh: null,
      excl_vat: statement.net.exclVat,
      vat: statement.net.vat,
      incl_vat: statement.net.inclVat,
      currency,
      status: null,
      credit_reference_id: null,
      note: { partner: 'the partner pays us', us: 'we pay the partner', none: 'nothing to pay' }[
        statement.net.payer
      ],
    },
  );
  return stringify(rows, { header: true, columns: [...COLUMNS] });
}
