// How the CLI fails: bad input (a file, a JSON path, an option) exits 2 with one line on stderr and no
// stack trace; anything unexpected propagates to bin/chargeledger.cjs, which prints it and exits 1.
import { CommanderError } from 'commander';
import { InputError } from '../tariff/parse/issues';

export const EXIT_BAD_INPUT = 2;

/** A wrong command-line value (unknown time zone, missing file argument, …). */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** Handles a failure of a command; returns false when it is not one the CLI reports itself. */
export function reportFailure(error: unknown, stderr: (line: string) => void): boolean {
  if (error instanceof CommanderError) {
    // Commander has already printed its one-line message (or the help / version text).
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_BAD_INPUT;
    return true;
  }
  if (error instanceof InputError || error instanceof UsageError) {
    stderr(`chargeledger: ${error.message.replace(/\s*\n\s*/g, ' ')}\n`);
    process.exitCode = EXIT_BAD_INPUT;
    return true;
  }
  return false;
}
