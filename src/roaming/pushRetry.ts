// How long a CDR push waits before trying a partner that was unavailable again. The cdrPush workflow's
// retry policy is the default (DEFAULT_PUSH_RETRY); a deployment may set its own pace
// (OCPI_PUSH_RETRY_INITIAL_MS, OCPI_PUSH_RETRY_MAX_MS), which the push activity applies by telling
// Temporal the next retry delay, so the workflow's code and history stay the same whatever the pace.
// Pure (no I/O): the workflow uses it too.
import { positiveWholeNumberFromEnv } from '../envNumber';

export interface PushRetry {
  /** The wait after the first failed attempt; it doubles with each attempt after. */
  initialIntervalMs: number;
  /** The longest wait between two attempts. */
  maximumIntervalMs: number;
}

/** Two seconds, doubling, at most ten minutes: a partner down for days is tried a few times an hour. */
export const DEFAULT_PUSH_RETRY: PushRetry = { initialIntervalMs: 2_000, maximumIntervalMs: 600_000 };

/** The wait after failed attempt `attempt` (1 = the first): initial × 2^(attempt − 1), capped. */
export function pushRetryDelayMs(retry: PushRetry, attempt: number): number {
  const doublings = Math.max(0, attempt - 1);
  // 2^31 × any sane interval is past every cap: stop doubling before the number overflows.
  if (doublings > 30) return retry.maximumIntervalMs;
  return Math.min(retry.initialIntervalMs * 2 ** doublings, retry.maximumIntervalMs);
}

type Env = Record<string, string | undefined>;

const milliseconds = (env: Env, name: string) => positiveWholeNumberFromEnv(env, name, 'milliseconds');

/** From OCPI_PUSH_RETRY_INITIAL_MS / OCPI_PUSH_RETRY_MAX_MS; undefined when neither is set (the workflow's policy). */
export function pushRetryFromEnv(env: Env): PushRetry | undefined {
  const initial = milliseconds(env, 'OCPI_PUSH_RETRY_INITIAL_MS');
  const maximum = milliseconds(env, 'OCPI_PUSH_RETRY_MAX_MS');
  if (initial === undefined && maximum === undefined) return undefined;
  const retry = {
    initialIntervalMs: initial ?? DEFAULT_PUSH_RETRY.initialIntervalMs,
    maximumIntervalMs: maximum ?? DEFAULT_PUSH_RETRY.maximumIntervalMs,
  };
  if (retry.maximumIntervalMs < retry.initialIntervalMs)
    throw new Error('OCPI_PUSH_RETRY_MAX_MS must not be below OCPI_PUSH_RETRY_INITIAL_MS');
  return retry;
}
