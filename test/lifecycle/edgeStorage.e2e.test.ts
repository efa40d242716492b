// The edge stores samples while the session workflow ingests: neither waits for the other longer than a
// statement, and a sample for a session nobody started is answered, stored nowhere and audited.
// Runs on the run's Temporal dev server (test/helpers/temporal, through the lifecycle rig).
import { recordSamples, upsertSession } from '../../src/db';
import { lockIngestState } from '../../src/db/repos/sessionIngest';
import { useTestDatabase } from '../helpers/db';
import { seedBerlinSite, TOKEN_UID } from './fixtures';
import { connectBerlinCharger, useLifecycleRig } from './lifecycleRig';
import { expectUnknownTransactionAnsweredAndAudited } from './unknownSession';

const testDb = useTestDatabase();
const rig = useLifecycleRig(testDb);

it('stores a sample while an ingest of the same session holds its lock', async () => {
  await seedBerlinSite(testDb.db, 'EDGE-LOCK', '1.6');
  const sessionId = 'session-EDGE-LOCK-1';
  await upsertSession(testDb.db, {
    id: sessionId,
    chargePointId: 'EDGE-LOCK',
    connectorId: 1,
    transactionId: '1',
    idTag: TOKEN_UID,
    authStatus: 'Accepted',
    timeZone: 'Europe/Berlin',
    meterStartWh: '1000000',
    startedAt: '2026-01-15T16:15:03Z',
  });
  const sample = { timestamp: '2026-01-15T16:16:03Z', energyWh: '1000200', context: 'Sample.Periodic' };
  await testDb.db.transaction(async (trx) => {
    await lockIngestState(trx, sessionId);
    // The insert's foreign key check must not queue behind the ingest's row lock: it finishes while the
    // lock is held (a blocked insert would only finish after this transaction, so the race is decided).
    const stored = await Promise.race([
      recordSamples(testDb.db, sessionId, [sample]),
      new Promise<'blocked'>((resolve) => setTimeout(() => resolve('blocked'), 5_000)),
    ]);
    expect(stored).toEqual({ inserted: 1, duplicates: 0 });
  });
});

it('answers MeterValues of a transaction nobody started, stores nothing and audits it', async () => {
  const charger = await connectBerlinCharger(rig.current, testDb.db, 'UNKNOWN', '1.6');
  try {
    await expectUnknownTransactionAnsweredAndAudited(testDb.db, charger);
  } finally {
    await charger.close();
  }
});
