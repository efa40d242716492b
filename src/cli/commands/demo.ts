// `chargeledger demo`: the whole lifecycle on embedded defaults (see src/demo/runDemo.ts).
import type { Command } from 'commander';
import { cdrReport } from '../../demo/cdrReport';
import { DEMO_TIME_ZONE } from '../../demo/demoSite';
import { runDemo } from '../../demo/runDemo';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description(
      'Run the whole path on embedded defaults: local Temporal dev server, PGlite, a simulated OCPP charger → priced CDR → invoice PDF, card payment (stripe-mock), e-mail',
    )
    .option(
      '--json',
      'print the priced CDR (OCPI JSON with the rating breakdown) on stdout instead of the report',
    )
    .option(
      '--keep-running',
      'keep the Temporal web UI up after the demo until Ctrl-C (default on a terminal)',
    )
    .option('--no-keep-running', 'exit as soon as the demo is done')
    .action(async (options: { json?: boolean; keepRunning?: boolean }) => {
      const keepRunning = options.keepRunning ?? (process.stdout.isTTY && !process.env.CI);
      const print = (line: string) => process.stdout.write(line + '\n');
      const result = await runDemo({ say: (line) => process.stderr.write(line + '\n') });
      try {
        if (options.json) {
          print(JSON.stringify({ ...result.cdr.cdr, chargeledger_breakdown: result.cdr.breakdown }, null, 2));
        } else {
          print('');
          for (const line of cdrReport(result.cdr, DEMO_TIME_ZONE)) print(line);
          print('');
          print(`Priced CDR (OCPI JSON + breakdown): ${result.cdrFile}`);
          if (result.invoice) {
            print('');
            for (const line of result.invoice.report) print(line);
            print('');
          }
          print(
            `Session workflow in the Temporal UI: ${result.workflowUrl ?? '(no UI: TEMPORAL_ADDRESS points elsewhere)'}`,
          );
        }
        if (keepRunning && result.workflowUrl) {
          process.stderr.write(
            `\nThe Temporal UI stays up at ${result.temporal.uiUrl}; press Ctrl-C to stop.\n`,
          );
          await new Promise<void>((resolve) => process.once('SIGINT', () => resolve()));
        }
      } finally {
        await result.stopTemporal();
      }
    });
}
