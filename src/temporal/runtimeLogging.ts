// Temporal's worker runtime logs every state change at INFO; a CLI user or a test log wants warnings
// only. The runtime can be configured once per process, before the first worker or connection.
import { DefaultLogger, Runtime, type LogLevel } from '@temporalio/worker';

export function quietTemporalRuntime(level: LogLevel = 'WARN'): void {
  if (Runtime._instance) return;
  Runtime.install({ logger: new DefaultLogger(level) });
}
