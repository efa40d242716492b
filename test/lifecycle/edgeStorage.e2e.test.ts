// The edge stores samples while the session workflow ingests: the ingest holds no lock between its read
// and its compare-and-set write, so neither waits for the other, and an ingest racing another one (a
// retried activity) applies nothing twice; a sample for a session nobody started is answered, stored
// nowhere and audited.
// Runs on the run's Temporal dev server (test/helpers/temporal, through the lifecycle rig).
import { listSamples, recordSamples, upsertSession } from '../../src/db';
import { commitIngest, pendingIngest } from '../../src/db/repos/sessionIngest';
import { useTestDatabase } from '../helpers/db';
import { seedBerlinSite, TOKEN_UID } from './fixtures';
import { connectBerlinCharger, useLifecycleRig } from './lifecycleRig';
import { expectUnknownTransactionAnsweredAndAudited } from './unknownSession';

const testDb = useTestDatabase();
const rig = useLifecycleRig(testDb);

it('an ingest that loses the race to another writes nothing and starts over: no sample counts twice', async () => {
  await seedBerlinSite(testDb.db, 'EDGE-RACE', '1.6');
  const sessionId = 'session-EDGE-RACE-1';
  await upsertSession(testDb.db, {
    id: sessionId,
    chargePointId: 'EDGE-RACE',
    connectorId: 1,
    transactionId: '1',
    idTag: TOKEN_UID,
    authStatus: 'Accepted',
    timeZone: 'Europe/Berlin',
    meterStartWh: '1000000',
    startedAt: '2026-01-15T16:15:03Z',
  });
  const sample = (minute: number, energyWh: string) => ({
    timestamp: `2026-01-15T16:${minute}:03Z`,
    energyWh,
    context: 'Sample.Periodic',
  });
  await recordSamples(testDb.db, sessionId, [sample(16, '1000200'), sample(17, '1000100')]); // 2nd goes back
  // Two ingests read the same cursors (a retried activity and its predecessor); the first one commits.
  const first = await pendingIngest(testDb.db, sessionId);
  const second = await pendingIngest(testDb.db, sessionId);
  expect(second.samples.map((s) => s.id)).toEqual(first.samples.map((s) => s.id));
  const to = { sampleId: first.samples[1].id, eventId: first.events.lastId };
  const flags = [{ id: first.samples[1].id, flags: ['negative_delta'] }];
  expect(await commitIngest(testDb.db, sessionId, first.cursor, to, { marker: 'first' }, flags)).toBe(true);
  // The second finds the cursors moved: nothing of it is written, not even its flags.
  const stale = [{ id: first.samples[0].id, flags: ['out_of_order'] }];
  expect(await commitIngest(testDb.db, sessionId, second.cursor, to, { marker: 'second' }, stale)).toBe(
    false,
  );
  const stored = await listSamples(testDb.db, sessionId);
  expect(stored.map((s) => s.flags)).toEqual([[], ['negative_delta']]);
  expect((await pendingIngest(testDb.db, sessionId)).state).toEqual({ marker: 'first' });
  // A sample stored meanwhile is all the next ingest reads.
  await recordSamples(testDb.db, sessionId, [sample(18, '1000400')]);
  const next = await pendingIngest(testDb.db, sessionId);
  expect(next.cursor).toEqual(to);
  expect(next.samples.map((s) => s.sample)).toEqual([
    { timestamp: '2026-01-15T16:18:03.000Z', energyWh: '1000400', context: 'Sample.Periodic' },
  ]);
});

it('answers MeterValues of a transaction nobody started, stores nothing and audits it', async () => {
  const charger = await connectBerlinCharger(rig.current, testDb.db, 'UNKNOWN', '1.6');
  try {
    await expectUnknownTransactionAnsweredAndAudited(testDb.db, charger);
  } finally {
    await charger.close();
  }
});
