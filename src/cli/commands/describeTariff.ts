// `chargeledger describe-tariff FILE [--lang en] [--json]`: the tariff in plain words for drivers.
import { describeTariff } from '../../tariff/describe/describeTariff';
import { parseTariff } from '../../tariff/parse/parseDocuments';
import type { RegisterCommand } from '../main';
import { readJsonFile } from '../readJsonFile';

export const registerDescribeTariff: RegisterCommand = (program) => {
  program
    .command('describe-tariff')
    .description('explain an OCPI 2.2.1 tariff in plain words (AFIR price information for drivers)')
    .argument('<file>', 'OCPI Tariff (JSON)')
    .option('--lang <language>', "language of the tariff's own text (tariff_alt_text), ISO 639-1", 'en')
    .option('--json', 'print the description as JSON')
    .action((file: string, options: { lang: string; json?: boolean }) => {
      const tariff = parseTariff(readJsonFile(file), file).value;
      const description = describeTariff(tariff, { language: options.lang });
      if (options.json) {
        process.stdout.write(`${JSON.stringify(description, null, 2)}\n`);
        return;
      }
      const extra = [description.altText, description.altUrl && `More: ${description.altUrl}`].filter(
        Boolean,
      );
      process.stdout.write(
        [description.title, ...description.lines.map((line) => `- ${line}`), ...extra].join('\n') + '\n',
      );
    });
};
