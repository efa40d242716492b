// The DATEV Buchungsstapel of a month of invoices and a credit note, read back the way DATEV reads it:
// Windows-1252 bytes, the EXTF header, 125 columns per line, bookings that add up to the documents.
import {
  DATEV_COLUMNS,
  decodeWindows1252,
  openDatevExport,
  SKR03_REVENUE_ACCOUNTS,
  type DatevSettings,
} from '../../src/export';
import { Dec } from '../../src/invoice/decimal';
import { useTestDatabase } from '../helpers/db';
import { collect, parseCsv } from './csvText';
import { seedMonth, type Month } from './monthFixture';

const APRIL = { from: '2026-04-01', to: '2026-04-30' };
const SETTINGS: DatevSettings = {
  consultantNumber: 1234567,
  clientNumber: 10001,
  createdAt: new Date('2026-05-02T08:30:00.123Z'),
  batchName: 'Ladevorgänge April 2026',
};

const col = (name: string) => DATEV_COLUMNS.indexOf(name);

describe('DATEV export', () => {
  const t = useTestDatabase();
  let month: Month;
  let bytes: Buffer;
  let lines: string[][];

  beforeAll(async () => {
    month = await seedMonth(t.db);
    const opened = await openDatevExport(t.db, { ...APRIL, settings: SETTINGS });
    expect(opened.count).toBe(4);
    expect(opened.fileName).toBe('EXTF_Buchungsstapel_2026-04-01_2026-04-30.csv');
    bytes = await collect(opened.stream);
    lines = parseCsv(decodeWindows1252(bytes), ';');
  }, 120_000);

  it('is Windows-1252 with CRLF line ends', () => {
    const text = decodeWindows1252(bytes);
    expect(bytes.includes(Buffer.from('Schl\xfcssel', 'latin1'))).toBe(true);
    expect(bytes.includes(Buffer.from('Schlüssel', 'utf8'))).toBe(false);
    expect(text.split('\r\n').at(-1)).toBe('');
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
  });

  it('starts with the EXTF header (version 700, category 21, format 13) and the 125 column names', () => {
    const [header, columns] = lines;
    expect(header.slice(0, 22)).toEqual([
      'EXTF',
      '700',
      '21',
      'Buchungsstapel',
      '13',
      '20260502103000123',
      '',
      'RE',
      'chargeledger',
      '',
      '1234567',
      '10001',
      '20260101',
      '4',
      '20260401',
      '20260430',
      'Ladevorgänge April 2026',
      '',
      '1',
      '0',
      '0',
      'EUR',
    ]);
    expect(header[26]).toBe('03');
    expect(columns).toEqual(DATEV_COLUMNS);
    expect(columns).toHaveLength(125);
  });

  it('books each document per VAT rate: gross on the debtor against the revenue account, S for invoices, H for credit notes', () => {
    const bookings = lines.slice(2);
    expect(bookings.every((fields) => fields.length === 125)).toBe(true);
    const signed = (fields: string[]) =>
      new Dec(fields[col('Umsatz (ohne Soll/Haben-Kz)')].replace(',', '.')).times(
        fields[col('Soll/Haben-Kennzeichen')] === 'H' ? -1 : 1,
      );
    const documents = [...month.invoices, month.creditNote];
    for (const document of documents) {
      const own = bookings.filter((fields) => fields[col('Belegfeld 1')] === document.number);
      expect(own).toHaveLength(document.invoice.vatBreakdown.length);
      expect(own.reduce((total, fields) => total.plus(signed(fields)), new Dec(0)).toFixed(2)).toBe(
        document.totals.gross,
      );
      for (const fields of own) {
        expect(fields[col('Belegdatum')]).toBe(
          document.issueDate.slice(8, 10) + document.issueDate.slice(5, 7),
        );
        expect(fields[col('Soll/Haben-Kennzeichen')]).toBe(document.kind === 'invoice' ? 'S' : 'H');
        expect(fields[col('WKZ Umsatz')]).toBe('EUR');
        expect(fields[col('Buchungstext')]).toBe(document.invoice.customer.name);
        const end = document.servicePeriod.end;
        expect(fields[col('Leistungsdatum')]).toBe(`${end.slice(8, 10)}${end.slice(5, 7)}${end.slice(0, 4)}`);
        expect(fields[col('Umsatz (ohne Soll/Haben-Kz)')]).toMatch(/^\d+,\d{2}$/);
      }
    }
    const total = bookings.reduce((sum, fields) => sum.plus(signed(fields)), new Dec(0));
    const expected = documents.reduce((sum, document) => sum.plus(document.totals.gross), new Dec(0));
    expect(total.toFixed(2)).toBe(expected.toFixed(2));
  });

  it('maps accounts: customer debtor or the collective one, 8400 for 19 %, 8336 with the VAT id for reverse charge', () => {
    const byNumber = (number: string) =>
      lines.slice(2).filter((fields) => fields[col('Belegfeld 1')] === number);
    const [fleetInvoice, driverInvoice, dutchInvoice] = month.invoices;
    expect(
      byNumber(fleetInvoice.number).map((f) => [
        f[col('Konto')],
        f[col('Gegenkonto (ohne BU-Schlüssel)')],
        f[col('BU-Schlüssel')],
      ]),
    ).toEqual([['10042', '8400', '']]);
    expect(
      byNumber(driverInvoice.number).map((f) => [f[col('Konto')], f[col('Gegenkonto (ohne BU-Schlüssel)')]]),
    ).toEqual([['10000', '8400']]);
    expect(
      byNumber(dutchInvoice.number).map((f) => [
        f[col('Gegenkonto (ohne BU-Schlüssel)')],
        f[col('EU-Land u. UStID (Bestimmung)')],
      ]),
    ).toEqual([['8336', 'NL859048255B01']]);
  });

  it('refuses, before the first byte, what DATEV would refuse', async () => {
    await expect(
      openDatevExport(t.db, {
        ...APRIL,
        settings: { ...SETTINGS, revenueAccounts: SKR03_REVENUE_ACCOUNTS.filter((a) => a.category !== 'AE') },
      }),
    ).rejects.toThrow('revenueAccounts: no revenue account for VAT category AE at 0 %');
    await expect(
      openDatevExport(t.db, { from: '2025-12-01', to: '2026-04-30', settings: SETTINGS }),
    ).rejects.toThrow('a DATEV batch holds one fiscal year');
    await expect(
      openDatevExport(t.db, { ...APRIL, settings: { ...SETTINGS, consultantNumber: 999 } }),
    ).rejects.toThrow('consultantNumber: expected a whole number from 1001 to 9999999, got 999');
    await expect(
      openDatevExport(t.db, { ...APRIL, settings: { ...SETTINGS, currency: 'CHF' } }),
    ).rejects.toThrow(/currency: the batch is in CHF, but INV-2026-000001 is in EUR/);
    await t.db('customers').where({ id: 'C-10042' }).update({ datev_account: '1004' });
    await expect(openDatevExport(t.db, { ...APRIL, settings: SETTINGS })).rejects.toThrow(
      'customers[C-10042].datevAccount: debtor account 1004 needs 5 digits',
    );
    await t.db('customers').where({ id: 'C-10042' }).update({ datev_account: '10042' });
  });
});
