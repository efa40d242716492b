// `chargeledger lint-tariff FILE [--json]`: every problem of a tariff file with its JSON path, without
// rating anything. Exit 0 when clean or only warnings, 2 when there is an error (or the file cannot be
// read or parsed as JSON).
import { EXIT_BAD_INPUT } from '../cliErrors';
import type { RegisterCommand } from '../main';
import { readJsonFile } from '../readJsonFile';
import { lintTariff } from '../../tariff/lint/lintTariff';

export const registerLintTariff: RegisterCommand = (program) => {
  program
    .command('lint-tariff')
    .description(
      'check an OCPI 2.2.1 tariff file: errors and warnings with their JSON paths (exit 2 on errors)',
    )
    .argument('<file>', 'OCPI Tariff (JSON)')
    .option('--json', 'print the findings as JSON')
    .action((file: string, options: { json?: boolean }) => {
      const issues = lintTariff(readJsonFile(file));
      const errors = issues.filter((issue) => issue.severity === 'error').length;
      if (options.json) {
        process.stdout.write(
          `${JSON.stringify({ file, errors, warnings: issues.length - errors, issues }, null, 2)}\n`,
        );
      } else if (issues.length === 0) {
        process.stdout.write(`${file}: no problems found\n`);
      } else {
        for (const issue of issues) {
          process.stdout.write(
            `${file}: ${issue.severity}: ${issue.path}: ${issue.message} [${issue.code}]\n`,
          );
        }
      }
      if (errors > 0) process.exitCode = EXIT_BAD_INPUT;
    });
};
