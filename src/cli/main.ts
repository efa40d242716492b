// The chargeledger command line. Each command lives in its own file under ./commands and is added
// here with one line; commands other areas contribute (demo, dev, export, …) register the same way.
import { Command } from 'commander';
import { version } from '../../package.json';
import { reportFailure } from './cliErrors';
import { registerDemo } from './commands/demo';
import { registerDescribeTariff } from './commands/describeTariff';
import { registerDev } from './commands/dev';
import { registerExport } from './commands/export';
import { registerLintTariff } from './commands/lintTariff';
import { registerProcesses } from './commands/processes';
import { registerRate } from './commands/rate';
import { registerRoaming } from './commands/roaming';

/** Adds one command (or a group) to the program. */
export type RegisterCommand = (program: Command) => void;

const COMMANDS: RegisterCommand[] = [
  registerRate,
  registerLintTariff,
  registerDescribeTariff,
  registerDemo,
  registerDev,
  registerProcesses,
  registerExport,
  registerRoaming,
];

export function buildProgram(): Command {
  const program = new Command()
    .name('chargeledger')
    .description(
      'Billing and tariff engine for EV charging: OCPI 2.2.1 rating, sessions, invoices, settlement.',
    )
    .version(version)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  for (const register of COMMANDS) register(program);
  return program;
}

/** Runs the CLI on process-style argv ([node, script, ...args]); sets process.exitCode. */
export async function main(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    if (!reportFailure(error, (line) => process.stderr.write(line))) throw error;
  }
}
