// Finance exports of a month of real rated CDRs, invoiced and partly credited: what the CSV, JSON and
// NDJSON streams carry, and that invoices reconcile with the CDRs they cover.
import { ExportInputError, exportRows, openExport } from '../../src/export';
import { Dec } from '../../src/invoice/decimal';
import { useTestDatabase } from '../helpers/db';
import { collect, csvObjects } from './csvText';
import { MARCH, seedMonth, type Month } from './monthFixture';

const APRIL = { from: '2026-04-01', to: '2026-04-30' };
const sum = (values: Iterable<string>) => [...values].reduce((total, value) => total.plus(value), new Dec(0));

describe('finance exports', () => {
  const t = useTestDatabase();
  let month: Month;

  beforeAll(async () => {
    month = await seedMonth(t.db);
  }, 120_000);

  const exported = async (request: Parameters<typeof openExport>[1]) => {
    const opened = await openExport(t.db, request);
    return { ...opened, text: (await collect(opened.stream)).toString('utf8') };
  };

  it('exports invoices as CSV: one row per invoice, totals as issued', async () => {
    const { text, count, contentType, fileName } = await exported({
      ...APRIL,
      dataset: 'invoices',
      format: 'csv',
    });
    const rows = csvObjects(text);
    expect([count, rows.length]).toEqual([3, 3]);
    expect(contentType).toBe('text/csv; charset=utf-8');
    expect(fileName).toBe('invoices_2026-04-01_2026-04-30.csv');
    expect(text.split('\n')[0]).toBe(
      'number,kind,series,issue_date,due_date,service_period_start,service_period_end,issuer_id,customer_id,customer_name,customer_vat_id,currency,net,vat,gross,status,credited_invoice_number,sessions,created_at',
    );
    expect(rows.map((row) => [row.number, row.customer_name, row.net, row.vat, row.gross])).toEqual(
      month.invoices.map((invoice) => [
        invoice.number,
        invoice.invoice.customer.name,
        invoice.totals.net,
        invoice.totals.vat,
        invoice.totals.gross,
      ]),
    );
    expect(rows.map((row) => row.status)).toEqual(['partially_credited', 'open', 'open']);
    expect(rows[0]).toMatchObject({
      service_period_start: MARCH.start,
      service_period_end: MARCH.end,
      due_date: '2026-04-15',
    });
  });

  it('reconciles: Σ invoice nets = Σ nets of the CDRs they cover, and every March CDR is on exactly one invoice', async () => {
    const invoices = csvObjects((await exported({ ...APRIL, dataset: 'invoices', format: 'csv' })).text);
    const cdrs = csvObjects(
      (
        await exported({
          from: MARCH.start,
          to: MARCH.end,
          dataset: 'cdrs',
          format: 'csv',
          timeZone: 'Europe/Berlin',
        })
      ).text,
    );
    const invoiced = cdrs.filter((row) => row.invoice_number !== '');
    expect(sum(invoices.map((row) => row.net)).toFixed(2)).toBe(
      sum(invoiced.map((row) => row.invoiced_net)).toFixed(2),
    );
    // Every CDR that ended in March (Berlin) belongs to a contract customer and is invoiced once.
    expect(invoiced).toHaveLength(cdrs.length);
    expect(new Set(invoiced.map((row) => row.id)).size).toBe(cdrs.length);
    for (const invoice of invoices) {
      const covered = invoiced.filter((row) => row.invoice_number === invoice.number);
      expect(covered).toHaveLength(Number(invoice.sessions));
      expect(sum(covered.map((row) => row.invoiced_net)).toFixed(2)).toBe(invoice.net);
    }
    // Each session's invoiced net is its CDR total (OCPI, 4 decimals) rounded per sub-line: at most
    // ½ cent per sub-line apart (≤ 4 sub-lines with this tariff), and the month within the sum of those bounds.
    for (const row of invoiced) {
      expect(new Dec(row.invoiced_net).minus(row.total_cost_excl_vat).abs().lte('0.02005')).toBe(true);
    }
    const drift = sum(invoiced.map((row) => row.invoiced_net)).minus(
      sum(invoiced.map((row) => row.total_cost_excl_vat)),
    );
    expect(drift.abs().lte(new Dec('0.02005').times(invoiced.length))).toBe(true);
  });

  it('reconciles exactly before rounding: Σ exact sub-line amounts of the invoices = Σ exact CDR totals', async () => {
    const lines = month.invoices.flatMap((invoice) => invoice.invoice.lines);
    const onInvoices = new Set(lines.map((line) => line.cdrId));
    const covered = month.cdrs.filter((cdr) => onInvoices.has(cdr.id));
    expect(covered).toHaveLength(lines.length);
    // The rest ended after March in Berlin and waits for April's run.
    for (const cdr of month.cdrs.filter((cdr) => !onInvoices.has(cdr.id))) {
      expect(cdr.endDateTime >= '2026-03-31T22:00:00.000Z').toBe(true);
    }
    const exactOfCdrs = sum(
      covered.map(
        (cdr) =>
          (cdr.breakdown as { exact_totals: { total_cost: { excl_vat: string } } }).exact_totals.total_cost
            .excl_vat,
      ),
    );
    const exactOfInvoices = sum(lines.flatMap((line) => line.components.map((c) => c.exactAmount!)));
    expect(exactOfInvoices.eq(exactOfCdrs)).toBe(true);
  });

  it('exports credit notes with negative amounts and the credited invoice', async () => {
    const rows = csvObjects((await exported({ ...APRIL, dataset: 'credit-notes', format: 'csv' })).text);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      number: 'CN-2026-000001',
      kind: 'credit_note',
      credited_invoice_number: month.invoices[0].number,
      net: month.creditNote.totals.net,
      gross: month.creditNote.totals.gross,
      sessions: '2',
    });
    expect(new Dec(rows[0].gross).isNegative()).toBe(true);
  });

  it('writes the same rows as a JSON array and as NDJSON, with exact decimal strings and the VAT breakdown', async () => {
    const csv = csvObjects((await exported({ ...APRIL, dataset: 'invoices', format: 'csv' })).text);
    const json = JSON.parse(
      (await exported({ ...APRIL, dataset: 'invoices', format: 'json' })).text,
    ) as Record<string, unknown>[];
    const ndjsonText = (await exported({ ...APRIL, dataset: 'invoices', format: 'ndjson' })).text;
    const ndjson = ndjsonText
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(json).toEqual(ndjson);
    expect(json.map((row) => [row.number, row.net, row.gross])).toEqual(
      csv.map((row) => [row.number, row.net, row.gross]),
    );
    expect(typeof json[0].net).toBe('string');
    expect(json[2].vat_breakdown).toEqual(month.invoices[2].invoice.vatBreakdown);
    const rows = [];
    for await (const row of exportRows(t.db, { ...APRIL, dataset: 'invoices', format: 'json' }))
      rows.push(row);
    expect(rows).toEqual(json);
  });

  it('pages through more rows than one page holds, in order, each once', async () => {
    const cdrs = csvObjects(
      (await exported({ from: '2026-02-01', to: '2026-04-30', dataset: 'cdrs', format: 'csv', pageSize: 7 }))
        .text,
    );
    expect(cdrs).toHaveLength(month.cdrs.length);
    const ends = cdrs.map((row) => `${row.end_date_time}|${row.id}`);
    expect(ends).toEqual([...ends].sort());
  });

  it('writes an empty export as a header line, or an empty array', async () => {
    const empty = { from: '2020-01-01', to: '2020-01-31' };
    expect(
      (await exported({ ...empty, dataset: 'credit-notes', format: 'csv' })).text.split('\n')[0],
    ).toMatch(/^number,kind,/);
    expect((await exported({ ...empty, dataset: 'credit-notes', format: 'json' })).text).toBe('[]\n');
    expect((await exported({ ...empty, dataset: 'cdrs', format: 'ndjson' })).text).toBe('');
  });

  it('refuses bad requests before reading, naming the field', async () => {
    await expect(
      openExport(t.db, { from: '2026-04-30', to: '2026-04-01', dataset: 'invoices', format: 'csv' }),
    ).rejects.toThrow('to: 2026-04-01 is before 2026-04-30');
    await expect(
      openExport(t.db, { from: '2026-4-1', to: '2026-04-30', dataset: 'invoices', format: 'csv' }),
    ).rejects.toThrow('from: expected a date YYYY-MM-DD, got "2026-4-1"');
    await expect(
      openExport(t.db, { ...APRIL, dataset: 'payments' as 'cdrs', format: 'xml' as 'csv' }),
    ).rejects.toThrow(ExportInputError);
    await expect(
      openExport(t.db, { ...APRIL, dataset: 'cdrs', format: 'csv', timeZone: 'Mars/Base' }),
    ).rejects.toThrow('timeZone: unknown IANA time zone "Mars/Base"');
  });
});
