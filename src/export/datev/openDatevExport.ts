// The DATEV booking export: every invoice and credit note issued in the range, as a Buchungsstapel
// (Windows-1252 bytes). Everything that could make DATEV refuse the file (a VAT rate without revenue
// account, a debtor account of the wrong length, another currency, a range across fiscal years) is
// checked before the first byte, so a started download is always a whole file.
import { Readable } from 'node:stream';
import { DateTime } from 'luxon';
import type { Knex } from 'knex';
import type { InputIssue } from '../../invoice/errors';
import type { VatBreakdown, VatCategory } from '../../invoice/types';
import { checkedRange, type DateRange } from '../dateRange';
import { countOf } from '../exportDataset';
import { ExportInputError } from '../exportErrors';
import { documentColumns, issuedDocuments, ISSUE_ORDER } from '../issuedDocuments';
import { keysetPage, keysetRows } from '../keysetRows';
import type { OpenedExport } from '../openExport';
import { bookingsOf, type DatevDocument } from './datevBookings';
import { DATEV_LINE_END, datevBookingLine, datevColumnLine, datevHeaderLine } from './datevFile';
import {
  resolveDatevSettings,
  revenueAccountFor,
  type DatevSettings,
  type ResolvedDatevSettings,
} from './datevSettings';
import { encodeWindows1252 } from './windows1252';

export interface DatevExportRequest extends DateRange {
  settings: DatevSettings;
  issuerId?: string;
  /** Called after each document's bookings are written. */
  onRow?: () => void;
}

type Row = Record<string, unknown>;

const documents = (db: Knex, range: DateRange, issuerId: string | undefined) =>
  issuedDocuments(db, range, issuerId);

/** The fiscal year the range lies in; DATEV takes one fiscal year per batch. */
function fiscalYearOf(range: DateRange, settings: ResolvedDatevSettings): string {
  const start = settings.fiscalYearStart ?? `${range.from.slice(0, 4)}-01-01`;
  const end = DateTime.fromISO(start).plus({ years: 1 }).toISODate()!;
  if (range.from < start || range.to >= end) {
    throw new ExportInputError([
      {
        path: 'to',
        message: `a DATEV batch holds one fiscal year (${start} to before ${end}); split ${range.from}..${range.to}`,
      },
    ]);
  }
  return start;
}

async function preflight(
  db: Knex,
  range: DateRange,
  request: DatevExportRequest,
  settings: ResolvedDatevSettings,
) {
  const issues: InputIssue[] = [];
  const foreign = await documents(db, range, request.issuerId)
    .whereNot('i.currency', settings.currency)
    .orderBy('i.id')
    .limit(3)
    .select('i.number', 'i.currency');
  if (foreign.length > 0) {
    issues.push({
      path: 'currency',
      message: `the batch is in ${settings.currency}, but ${foreign.map((r: Row) => `${r.number} is in ${r.currency}`).join(', ')}; export those with their currency`,
    });
  }
  const groups: Array<{ category: VatCategory; rate: string }> = await documents(db, range, request.issuerId)
    .crossJoin(db.raw(`jsonb_array_elements(i.invoice->'vatBreakdown') as g`))
    .whereRaw(`(g->>'taxableAmount')::numeric + (g->>'vatAmount')::numeric <> 0`)
    .distinct(db.raw(`g->>'category' as category`), db.raw(`g->>'rate' as rate`));
  for (const group of groups) {
    if (!revenueAccountFor(settings, group.category, group.rate)) {
      issues.push({
        path: 'revenueAccounts',
        message: `no revenue account for VAT category ${group.category} at ${group.rate} %`,
      });
    }
  }
  const debtorDigits = settings.accountLength + 1;
  const badAccounts = await documents(db, range, request.issuerId)
    .join('customers as cu', 'cu.id', 'i.customer_id')
    .whereNotNull('cu.datev_account')
    .whereRaw(`length(cu.datev_account) <> ?`, [debtorDigits])
    .distinct('cu.id', 'cu.datev_account')
    .limit(3);
  for (const row of badAccounts as Row[]) {
    issues.push({
      path: `customers[${row.id}].datevAccount`,
      message: `debtor account ${row.datev_account} needs ${debtorDigits} digits`,
    });
  }
  if (issues.length > 0) throw new ExportInputError(issues);
}

function toDocument(row: Row): DatevDocument {
  return {
    number: row.number as string,
    issueDate: row.issue_date as string,
    servicePeriodEnd: row.service_period_end as string,
    currency: row.currency as string,
    customerId: row.customer_id as string,
    customerName: row.customer_name as string,
    customerVatId: row.customer_vat_id as string | null,
    customerAccount: row.datev_account as string | null,
    vatBreakdown: row.vat_breakdown as VatBreakdown[],
  };
}

async function* fileChunks(
  db: Knex,
  range: DateRange,
  request: DatevExportRequest,
  settings: ResolvedDatevSettings,
  fiscalYearStart: string,
): AsyncGenerator<Buffer> {
  const head = [datevHeaderLine(settings, range, fiscalYearStart), datevColumnLine()];
  yield encodeWindows1252(head.join(DATEV_LINE_END) + DATEV_LINE_END);
  const rows = keysetRows<Row>((after, limit) => {
    const query = documents(db, range, request.issuerId)
      .join('customers as cu', 'cu.id', 'i.customer_id')
      .select(
        'i.id',
        'i.number',
        'i.issue_date',
        'i.service_period_end',
        'i.currency',
        'i.customer_id',
        'cu.datev_account',
        ...documentColumns(db),
      );
    return keysetPage(query, ISSUE_ORDER, after, limit);
  });
  for await (const row of rows) {
    const lines = bookingsOf(toDocument(row), settings).map(
      (booking) => datevBookingLine(booking) + DATEV_LINE_END,
    );
    if (lines.length > 0) yield encodeWindows1252(lines.join(''));
    request.onRow?.();
  }
}

/** `count` is the number of documents (each gives one booking per VAT rate). */
export async function openDatevExport(db: Knex, request: DatevExportRequest): Promise<OpenedExport> {
  const range = checkedRange(request);
  const settings = resolveDatevSettings(request.settings);
  const fiscalYearStart = fiscalYearOf(range, settings);
  await preflight(db, range, request, settings);
  const count = await countOf(documents(db, range, request.issuerId));
  return {
    count,
    contentType: 'text/csv; charset=windows-1252',
    fileName: `EXTF_Buchungsstapel_${request.from}_${request.to}.csv`,
    stream: Readable.from(fileChunks(db, range, request, settings, fiscalYearStart)),
  };
}
