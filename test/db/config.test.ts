// Configuration from the environment: the embedded database unless DATABASE_URL says otherwise.
import path from 'node:path';
import { REPO_ROOT, loadConfig } from '../../src/config';

describe('loadConfig', () => {
  it('defaults to PGlite in .data, the default namespace and the chargeledger task queue', () => {
    const config = loadConfig({});
    expect(config.database).toEqual({ kind: 'pglite', dataDir: path.join(REPO_ROOT, '.data', 'pglite') });
    expect(config.temporal).toEqual({ address: undefined, namespace: 'default', taskQueue: 'chargeledger' });
    expect(config.smtpUrl).toBeUndefined();
    expect(config.outDir).toBe(path.join(REPO_ROOT, 'out'));
  });

  it('uses PostgreSQL when DATABASE_URL is set, and in-memory PGlite for memory://', () => {
    expect(loadConfig({ DATABASE_URL: 'postgres://app@db:5432/chargeledger' }).database).toEqual({
      kind: 'postgres',
      url: 'postgres://app@db:5432/chargeledger',
    });
    expect(loadConfig({ PGLITE_DIR: 'memory://' }).database).toEqual({ kind: 'pglite', dataDir: null });
    expect(loadConfig({ DATABASE_URL: '  ' }).database.kind).toBe('pglite');
  });

  it('reads the session timing in whole seconds and names a bad value', () => {
    expect(loadConfig({}).sessions).toEqual({});
    expect(
      loadConfig({
        CHARGELEDGER_INACTIVITY_TIMEOUT_SECONDS: '3600',
        CHARGELEDGER_INGEST_INTERVAL_SECONDS: '60',
      }).sessions,
    ).toEqual({ inactivityTimeoutSeconds: 3600, ingestIntervalSeconds: 60 });
    expect(() => loadConfig({ CHARGELEDGER_INGEST_INTERVAL_SECONDS: '0' })).toThrow(
      'CHARGELEDGER_INGEST_INTERVAL_SECONDS must be a positive whole number of seconds, got "0"',
    );
    expect(() => loadConfig({ CHARGELEDGER_INACTIVITY_TIMEOUT_SECONDS: '1h' })).toThrow(
      'CHARGELEDGER_INACTIVITY_TIMEOUT_SECONDS must be a positive whole number of seconds, got "1h"',
    );
  });

  it('rejects a DATABASE_URL that is not PostgreSQL, without echoing its password', () => {
    expect(() => loadConfig({ DATABASE_URL: 'mysql://root:secret@db/x' })).toThrow(
      'DATABASE_URL must be a postgres:// or postgresql:// URL, got "db/x"',
    );
  });

  it('reads Temporal, Stripe and SMTP settings', () => {
    const config = loadConfig({
      TEMPORAL_ADDRESS: 'temporal.internal:7233',
      TEMPORAL_NAMESPACE: 'billing',
      STRIPE_SECRET_KEY: 'sk_test_123',
      STRIPE_API_BASE: 'http://127.0.0.1:12111',
      SMTP_URL: 'smtp://127.0.0.1:2525',
    });
    expect(config.temporal).toEqual({
      address: 'temporal.internal:7233',
      namespace: 'billing',
      taskQueue: 'chargeledger',
    });
    expect(config.stripe).toEqual({
      secretKey: 'sk_test_123',
      apiBase: 'http://127.0.0.1:12111',
      webhookSecret: undefined,
    });
    expect(config.smtpUrl).toBe('smtp://127.0.0.1:2525');
  });
});
