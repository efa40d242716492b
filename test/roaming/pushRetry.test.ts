// The pace of CDR push retries a deployment may set: the delays the push activity hands Temporal, and
// the settings read from the environment into the roaming settings.
import { loadConfig } from '../../src/config';
import { DEFAULT_PUSH_RETRY, pushRetryDelayMs, pushRetryFromEnv } from '../../src/roaming/pushRetry';
import { roamingSettingsOf } from '../../src/roaming/roamingSettings';

const OCPI = { OCPI_BASE_URL: 'https://cpo.example/ocpi', OCPI_PARTIES: 'CPO:DE:CLG:Voltwerk' };

describe('pushRetryDelayMs', () => {
  it('doubles from the initial interval after each failed attempt, up to the maximum', () => {
    const retry = { initialIntervalMs: 200, maximumIntervalMs: 1_000 };
    expect([1, 2, 3, 4, 5, 40].map((attempt) => pushRetryDelayMs(retry, attempt))).toEqual([
      200, 400, 800, 1_000, 1_000, 1_000,
    ]);
  });

  it('the default is the workflow policy: 2 s doubling to 10 min, and never past it after days of attempts', () => {
    expect(pushRetryDelayMs(DEFAULT_PUSH_RETRY, 1)).toBe(2_000);
    expect(pushRetryDelayMs(DEFAULT_PUSH_RETRY, 9)).toBe(512_000);
    expect(pushRetryDelayMs(DEFAULT_PUSH_RETRY, 10)).toBe(600_000);
    expect(pushRetryDelayMs(DEFAULT_PUSH_RETRY, 5_000)).toBe(600_000);
  });
});

describe('OCPI_PUSH_RETRY_INITIAL_MS / OCPI_PUSH_RETRY_MAX_MS', () => {
  it('unset: no pace of its own (the workflow policy applies)', () => {
    expect(pushRetryFromEnv({})).toBeUndefined();
    expect(roamingSettingsOf(loadConfig({ ...OCPI }))?.pushRetry).toBeUndefined();
  });

  it('either one set: the other keeps its default; both reach the roaming settings', () => {
    expect(pushRetryFromEnv({ OCPI_PUSH_RETRY_MAX_MS: '60000' })).toEqual({
      initialIntervalMs: 2_000,
      maximumIntervalMs: 60_000,
    });
    const config = loadConfig({
      ...OCPI,
      OCPI_PUSH_RETRY_INITIAL_MS: '500',
      OCPI_PUSH_RETRY_MAX_MS: '30000',
    });
    expect(roamingSettingsOf(config)?.pushRetry).toEqual({
      initialIntervalMs: 500,
      maximumIntervalMs: 30_000,
    });
  });

  it('rejects what is not a positive whole number of milliseconds, or a maximum below the initial', () => {
    for (const value of ['0', '-5', '1.5', '2s']) {
      expect(() => pushRetryFromEnv({ OCPI_PUSH_RETRY_INITIAL_MS: value })).toThrow(
        `OCPI_PUSH_RETRY_INITIAL_MS must be a positive whole number of milliseconds, got "${value}"`,
      );
    }
    expect(() =>
      pushRetryFromEnv({ OCPI_PUSH_RETRY_INITIAL_MS: '5000', OCPI_PUSH_RETRY_MAX_MS: '1000' }),
    ).toThrow('OCPI_PUSH_RETRY_MAX_MS must not be below OCPI_PUSH_RETRY_INITIAL_MS');
  });
});
