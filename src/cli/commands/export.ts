// `chargeledger export invoices|credit-notes|cdrs|datev --from YYYY-MM-DD --to YYYY-MM-DD
//  [--format csv|json|ndjson] [--out FILE]`: finance exports streamed from the database (DATABASE_URL
// or the embedded PGlite). Dates are inclusive. A file is written under a temporary name and renamed
// when complete, so a failed export never leaves a truncated file behind. A progress bar goes to
// stderr when it is a terminal.
import { createWriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import { Argument, Option } from 'commander';
import { loadConfig } from '../../config';
import { openDatabase } from '../../db/knex';
import { InvalidRecordError } from '../../db/values';
import { openDatevExport } from '../../export/datev/openDatevExport';
import {
  resolveDatevSettings,
  type DatevSettings,
  type RevenueAccount,
} from '../../export/datev/datevSettings';
import { checkedRange } from '../../export/dateRange';
import { ExportInputError } from '../../export/exportErrors';
import {
  EXPORT_DATASETS,
  openExport,
  type ExportDatasetName,
  type OpenedExport,
} from '../../export/openExport';
import { progressBar, type Progress } from '../../export/progressBar';
import { EXPORT_FORMATS, type ExportFormat } from '../../export/streamFormats';
import { UsageError } from '../cliErrors';
import type { RegisterCommand } from '../main';
import { readJsonFile } from '../readJsonFile';

interface ExportOptions {
  from: string;
  to: string;
  format: ExportFormat;
  out?: string;
  tz: string;
  issuer?: string;
  consultant?: string;
  client?: string;
  fiscalYearStart?: string;
  accountLength?: string;
  skr?: string;
  debtorAccount?: string;
  accounts?: string;
  lock?: boolean;
}

type Dataset = ExportDatasetName | 'datev';

function wholeNumber(option: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value))
    throw new UsageError(`${option}: expected a whole number, got ${JSON.stringify(value)}`);
  return Number(value);
}

function datevSettings(options: ExportOptions): DatevSettings {
  const consultantNumber = wholeNumber('--consultant', options.consultant);
  const clientNumber = wholeNumber('--client', options.client);
  if (consultantNumber === undefined || clientNumber === undefined) {
    throw new UsageError(
      'export datev: --consultant (Beraternummer) and --client (Mandantennummer) are required',
    );
  }
  const accountLength = wholeNumber('--account-length', options.accountLength);
  return {
    consultantNumber,
    clientNumber,
    ...(options.fiscalYearStart && { fiscalYearStart: options.fiscalYearStart }),
    ...(accountLength !== undefined && { accountLength }),
    ...(options.skr && { chartOfAccounts: options.skr }),
    ...(options.debtorAccount && { defaultDebtorAccount: options.debtorAccount }),
    ...(options.accounts && { revenueAccounts: readJsonFile(options.accounts) as RevenueAccount[] }),
    ...(options.lock && { lockBookings: true }),
  };
}

async function write(opened: OpenedExport, out: string | undefined): Promise<void> {
  if (!out) {
    await pipeline(opened.stream, process.stdout, { end: false });
    return;
  }
  const partial = `${out}.partial`;
  try {
    await pipeline(opened.stream, createWriteStream(partial));
    await rename(partial, out);
  } catch (error) {
    await rm(partial, { force: true });
    throw error;
  }
}

async function exportFromDatabase(
  dataset: Dataset,
  options: ExportOptions,
  settings?: DatevSettings,
): Promise<void> {
  const db = await openDatabase(loadConfig().database);
  let progress: Progress | undefined; // known once the export has counted its rows
  const onRow = () => progress?.tick();
  try {
    const range = { from: options.from, to: options.to, ...(options.issuer && { issuerId: options.issuer }) };
    const opened = settings
      ? await openDatevExport(db, { ...range, settings, onRow })
      : await openExport(db, {
          ...range,
          dataset: dataset as ExportDatasetName,
          format: options.format,
          timeZone: options.tz,
          onRow,
        });
    progress = progressBar(opened.count, dataset);
    await write(opened, options.out);
    progress.stop();
    progress = undefined;
    if (options.out) process.stderr.write(`chargeledger: ${opened.count} ${dataset} rows → ${options.out}\n`);
  } finally {
    progress?.stop();
    await db.destroy();
  }
}

async function runExport(dataset: Dataset, options: ExportOptions): Promise<void> {
  try {
    // Bad input fails before the database is opened (opening embedded PGlite takes seconds).
    checkedRange(options, options.tz);
    const settings = dataset === 'datev' ? datevSettings(options) : undefined;
    if (settings) resolveDatevSettings(settings);
    await exportFromDatabase(dataset, options, settings);
  } catch (error) {
    if (error instanceof ExportInputError || error instanceof InvalidRecordError)
      throw new UsageError(error.message);
    throw error;
  }
}

export const registerExport: RegisterCommand = (program) => {
  program
    .command('export')
    .description('stream a finance export (dates inclusive): invoices, credit notes, CDRs, or DATEV bookings')
    .addArgument(new Argument('<dataset>', 'what to export').choices([...EXPORT_DATASETS, 'datev']))
    .requiredOption('--from <date>', 'first day, YYYY-MM-DD')
    .requiredOption('--to <date>', 'last day (inclusive), YYYY-MM-DD')
    .addOption(
      new Option('--format <format>', 'output format (not for datev)').choices(EXPORT_FORMATS).default('csv'),
    )
    .option('--out <file>', 'write to FILE instead of stdout')
    .option('--tz <zone>', 'IANA zone the CDR dates are read in', 'UTC')
    .option('--issuer <id>', 'only documents of this issuer')
    .option('--consultant <number>', 'datev: Beraternummer')
    .option('--client <number>', 'datev: Mandantennummer')
    .option('--fiscal-year-start <date>', 'datev: first day of the fiscal year (default 1 January)')
    .option('--account-length <digits>', 'datev: Sachkontenlänge (default 4)')
    .option('--skr <chart>', 'datev: chart of accounts, e.g. 03 or 04 (default 03)')
    .option('--debtor-account <number>', 'datev: collective debtor account (default 10000)')
    .option(
      '--accounts <file>',
      'datev: revenue accounts by VAT rate, JSON [{category, rate, account, taxKey?}]',
    )
    .option('--lock', 'datev: lock the bookings on import (Festschreibung)')
    .action((dataset: Dataset, options: ExportOptions) => runExport(dataset, options));
};
