// Temporal for integration tests: the dev server the jest globalSetup started for this run.
// Importing this module is also how globalSetup knows a run needs Temporal (see test/setup/services.ts).
import { randomBytes } from 'node:crypto';
import type { TemporalConfig } from '../../src/config';

/** The run's Temporal server, from TEMPORAL_ADDRESS / TEMPORAL_NAMESPACE; a clear error when absent. */
export function testTemporalConfig(taskQueue = testTaskQueue()): TemporalConfig {
  const address = process.env.TEMPORAL_ADDRESS;
  if (!address) {
    throw new Error(
      'TEMPORAL_ADDRESS is not set: the jest globalSetup starts a Temporal dev server when a test file ' +
        'imports test/helpers/temporal (not with CHARGELEDGER_SKIP_SERVICES=1), or point TEMPORAL_ADDRESS at one.',
    );
  }
  return { address, namespace: process.env.TEMPORAL_NAMESPACE ?? 'default', taskQueue };
}

/** A task queue of its own for a test file: the server is shared by every file of the run. */
export function testTaskQueue(prefix = 'test'): string {
  return `${prefix}-${randomBytes(4).toString('hex')}`;
}
