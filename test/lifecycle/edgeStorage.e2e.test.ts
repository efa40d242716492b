// The edge stores samples while the session workflow ingests: the ingest holds no lock between its read
// and its compare-and-set write, so neither waits for the other, and an ingest racing another one (a
// retried activity) applies nothing twice; a sample for a session nobody started is answered, stored
// nowhere and audited.
// Runs on the run's Temporal dev server (test/helpers/temporal, through the lifecycle rig).
import { listSamples, recordSamples, upsertSession } from '../../src/db';
import { commitIngest, pendingIngest } from '../../src/db/repos/sessionIngest';
import { ingestStop } from '../../src/lifecycle/sessionIngest';
import { createSessionActivities } from '../../activities/session';
import { useTestDatabase } from '../helpers/db';
import { seedBerlinSite, TOKEN_UID } from './fixtures';
import { connectBerlinCharger, useLifecycleRig } from './lifecycleRig';
import { expectUnknownTransactionAnsweredAndAudited } from './unknownSession';

const testDb = useTestDatabase();
const rig = useLifecycleRig(testDb);

const sample = (minute: number, energyWh: string) => ({
  timestamp: `2026-01-15T16:${minute}:03Z`,
  energyWh,
  context: 'Sample.Periodic',
});

/** An active session on a charger of its own, started 16:15:03 at 1000000 Wh. */
async function startedSession(chargePointId: string): Promise<string> {
  await seedBerlinSite(testDb.db, chargePointId, '1.6');
  const sessionId = `session-${chargePointId}-1`;
  await upsertSession(testDb.db, {
    id: sessionId,
    chargePointId,
    connectorId: 1,
    transactionId: '1',
    idTag: TOKEN_UID,
    authStatus: 'Accepted',
    timeZone: 'Europe/Berlin',
    meterStartWh: '1000000',
    startedAt: '2026-01-15T16:15:03Z',
  });
  return sessionId;
}

it('an ingest that loses the race to another writes nothing and starts over: no sample counts twice', async () => {
  const sessionId = await startedSession('EDGE-RACE');
  await recordSamples(testDb.db, sessionId, [sample(16, '1000200'), sample(17, '1000100')]); // 2nd goes back
  // Two ingests read the same cursors (a retried activity and its predecessor); the first one commits.
  const first = await pendingIngest(testDb.db, sessionId);
  const second = await pendingIngest(testDb.db, sessionId);
  expect(second.samples.map((s) => s.id)).toEqual(first.samples.map((s) => s.id));
  const to = { sampleId: first.samples[1].id, eventId: first.events.lastId };
  const flags = [{ id: first.samples[1].id, flags: ['negative_delta'] }];
  expect(
    await commitIngest(testDb.db, sessionId, first.cursor, to, { marker: 'first' }, flags),
  ).toMatchObject({ id: sessionId, status: 'active' });
  // The second finds the cursors moved: nothing of it is written, not even its flags.
  const stale = [{ id: first.samples[0].id, flags: ['out_of_order'] }];
  expect(
    await commitIngest(testDb.db, sessionId, second.cursor, to, { marker: 'second' }, stale),
  ).toBeUndefined();
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

it('the last ingest records the stop with it; a stop retried later moves nothing', async () => {
  const sessionId = await startedSession('EDGE-STOP');
  await recordSamples(testDb.db, sessionId, [sample(16, '1000200'), sample(17, '1000500')]);
  const now = new Date('2026-01-15T16:30:00Z');
  // No time of its own (a remote stop without charger): the stop is the last sample's.
  const first = await ingestStop(testDb.db, sessionId, now, { reason: 'Remote' });
  expect(first.totals).toMatchObject({ energyWh: '500', samplesAccepted: 2, samplesFlagged: 0 });
  expect(first.session).toMatchObject({
    status: 'stopped',
    stoppedAt: '2026-01-15T16:17:03.000Z',
    stopReason: 'Remote',
    meterStopWh: null,
  });
  // A late sample and another stop: the sample is ingested, the stop already stored stays.
  await recordSamples(testDb.db, sessionId, [sample(18, '1000700')]);
  const again = await ingestStop(testDb.db, sessionId, now, {
    reason: 'Local',
    timestamp: '2026-01-15T16:20:00Z',
    meterStopWh: '1000800',
  });
  expect(again.totals).toMatchObject({ energyWh: '700', samplesAccepted: 3 });
  expect(again.session).toMatchObject({
    status: 'stopped',
    stoppedAt: '2026-01-15T16:17:03.000Z',
    stopReason: 'Remote',
    meterStopWh: '1000800', // not known before: filled in
  });
  await expect(
    ingestStop(testDb.db, sessionId, now, { reason: 'Local', meterStopWh: '12 kWh' }),
  ).rejects.toThrow(/stop\.meterStopWh/);
});

it('answers MeterValues of a transaction nobody started, stores nothing and audits it', async () => {
  const charger = await connectBerlinCharger(rig.current, testDb.db, 'UNKNOWN', '1.6');
  try {
    await expectUnknownTransactionAnsweredAndAudited(testDb.db, charger);
  } finally {
    await charger.close();
  }
});

it('finishing a session that has no row fails for good, naming it (a retry would find nothing either)', async () => {
  const activities = createSessionActivities({
    db: testDb.db,
    defaultOwner: { countryCode: 'DE', partyId: 'CLG' },
  });
  await expect(
    activities.finishSession('session-NOPE-1', { reason: 'Local' }, { rate: true }),
  ).rejects.toMatchObject({
    type: 'UnknownSession',
    nonRetryable: true,
    message: 'session session-NOPE-1 does not exist',
  });
});
