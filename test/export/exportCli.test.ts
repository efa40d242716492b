// `chargeledger export …` as users run it: a child process on the test database (DATABASE_URL), files
// written whole or not at all, bad input exits 2 with one line naming the field.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openExport } from '../../src/export';
import { useTestDatabase } from '../helpers/db';
import { collect } from './csvText';
import { seedMonth } from './monthFixture';

const ROOT = path.resolve(__dirname, '../..');
const APRIL = ['--from', '2026-04-01', '--to', '2026-04-30'];
const DATEV_NUMBERS = ['--consultant', '1234567', '--client', '10001'];

describe('chargeledger export', () => {
  const t = useTestDatabase();
  let dir: string;

  beforeAll(async () => {
    await seedMonth(t.db, [5, 3, 2]);
    dir = mkdtempSync(path.join(tmpdir(), 'chargeledger-export-'));
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
    const config = t.current.config;
    if (config.kind !== 'postgres') throw new Error('the CLI test runs on PostgreSQL');
    return new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'bin/chargeledger.cjs'), 'export', ...args], {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: config.url },
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.on('error', reject);
      child.on('close', (code) => resolve({ code, stdout, stderr }));
    });
  }

  it('writes the invoices CSV to a file, the same bytes the API streams', async () => {
    const out = path.join(dir, 'invoices.csv');
    const run = await cli('invoices', ...APRIL, '--out', out);
    expect([run.code, run.stderr]).toEqual([0, `chargeledger: 3 invoices rows → ${out}\n`]);
    const api = await openExport(t.db, {
      from: '2026-04-01',
      to: '2026-04-30',
      dataset: 'invoices',
      format: 'csv',
    });
    expect(readFileSync(out, 'utf8')).toBe((await collect(api.stream)).toString('utf8'));
    expect(existsSync(`${out}.partial`)).toBe(false);
  });

  it('streams CDRs as NDJSON to stdout, dates read in the given zone', async () => {
    const run = await cli(
      'cdrs',
      '--from',
      '2026-03-01',
      '--to',
      '2026-03-31',
      '--format',
      'ndjson',
      '--tz',
      'Europe/Berlin',
    );
    expect(run.code).toBe(0);
    const rows = run.stdout
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { invoice_number: string | null });
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((row) => row.invoice_number !== null)).toBe(true);
  });

  it('writes a DATEV batch', async () => {
    const out = path.join(dir, 'EXTF_Buchungsstapel.csv');
    const run = await cli('datev', ...APRIL, ...DATEV_NUMBERS, '--out', out);
    expect(run.code).toBe(0);
    expect(readFileSync(out, 'latin1').startsWith('"EXTF";700;21;"Buchungsstapel";13;')).toBe(true);
  });

  it('exits 2 with one line naming the problem, leaving no file behind', async () => {
    const out = path.join(dir, 'bad.csv');
    const badDate = await cli('invoices', '--from', 'April', '--to', '2026-04-30', '--out', out);
    expect([badDate.code, badDate.stderr]).toEqual([
      2,
      'chargeledger: from: expected a date YYYY-MM-DD, got "April"\n',
    ]);
    const noNumbers = await cli('datev', ...APRIL, '--out', out);
    expect([noNumbers.code, noNumbers.stderr]).toEqual([
      2,
      'chargeledger: export datev: --consultant (Beraternummer) and --client (Mandantennummer) are required\n',
    ]);
    const accounts = path.join(dir, 'accounts.json');
    writeFileSync(accounts, JSON.stringify([{ category: 'S', rate: '19', account: '8400' }]));
    const unmapped = await cli('datev', ...APRIL, ...DATEV_NUMBERS, '--accounts', accounts, '--out', out);
    expect([unmapped.code, unmapped.stderr]).toEqual([
      2,
      'chargeledger: revenueAccounts: no revenue account for VAT category AE at 0 %\n',
    ]);
    expect(existsSync(out) || existsSync(`${out}.partial`)).toBe(false);
  });
});
