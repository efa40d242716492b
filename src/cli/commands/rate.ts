// `chargeledger rate --cdr CDR.json [--tariff TARIFF.json] [--tz ZONE] [--type TYPE]`: prints the
// priced CDR (OCPI totals as JSON numbers, rounded once to 4 decimals) with the exact breakdown under
// `chargeledger_breakdown`.
import { Option } from 'commander';
import { pricedCdr, type PricedCdr } from '../../tariff/engine/pricedCdr';
import { rateCdr } from '../../tariff/engine/rateCdr';
import { InputError, type InputIssue } from '../../tariff/parse/issues';
import { parseCdr, parseTariffList } from '../../tariff/parse/parseDocuments';
import { TARIFF_TYPES } from '../../tariff/parse/tariffSchema';
import type { Tariff, TariffType } from '../../tariff/types';
import { UsageError } from '../cliErrors';
import type { RegisterCommand } from '../main';
import { readJsonFile } from '../readJsonFile';
import { checkedTimeZone } from '../timeZoneOption';

export interface RateFilesOptions {
  cdr: string;
  tariff?: string;
  tz: string;
  type?: TariffType;
}

export interface InputWarning extends InputIssue {
  file: string;
}

export type RatedOutput = PricedCdr & {
  chargeledger_breakdown: PricedCdr['chargeledger_breakdown'] & { input_warnings: InputWarning[] };
};

export function rateFiles(options: RateFilesOptions): RatedOutput {
  const timeZone = checkedTimeZone(options.tz);
  const cdrInput = parseCdr(readJsonFile(options.cdr), options.cdr);
  const inputWarnings: InputWarning[] = cdrInput.warnings.map((w) => ({ file: options.cdr, ...w }));
  let tariffs: Tariff[] | undefined;
  if (options.tariff) {
    const parsed = parseTariffList(readJsonFile(options.tariff), options.tariff);
    tariffs = parsed.value;
    inputWarnings.push(...parsed.warnings.map((w) => ({ file: options.tariff!, ...w })));
  } else if (!cdrInput.value.tariffs?.length) {
    throw new UsageError(`${options.cdr}: tariffs: the CDR embeds no tariff; pass one with --tariff FILE`);
  }
  let priced: PricedCdr;
  try {
    priced = pricedCdr(
      cdrInput.value,
      rateCdr(cdrInput.value, { tariffs, timeZone, tariffType: options.type }),
    );
  } catch (error) {
    // Rating errors point into the CDR (e.g. its currency against the tariff's): name that file.
    if (error instanceof InputError && !error.source) throw new InputError(error.issue, options.cdr);
    throw error;
  }
  return {
    ...priced,
    chargeledger_breakdown: { ...priced.chargeledger_breakdown, input_warnings: inputWarnings },
  };
}

export const registerRate: RegisterCommand = (program) => {
  program
    .command('rate')
    .description(
      'price an OCPI 2.2.1 CDR: prints it with every total filled in and a breakdown of every cent',
    )
    .requiredOption('--cdr <file>', 'OCPI CDR (JSON)')
    .option(
      '--tariff <file>',
      'OCPI Tariff, or an array of them (JSON); default: the tariffs embedded in the CDR',
    )
    .option('--tz <zone>', 'IANA time zone of the location (OCPI CDRs carry none)', 'UTC')
    .addOption(
      new Option('--type <tariff-type>', 'tariff type of the session, for choosing among tariffs').choices(
        TARIFF_TYPES,
      ),
    )
    .action((options: RateFilesOptions) => {
      process.stdout.write(`${JSON.stringify(rateFiles(options), null, 2)}\n`);
    });
};
