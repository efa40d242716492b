// MeterValues of many chargers share one INSERT (src/lifecycle/writeBatcher.ts → insertSampleRows): each
// frame still learns how many of its samples were new, a reading repeated in two frames of the batch is
// stored once and counted for the first, and samples keep their arrival order (the ingest reads by id).
import { insertSampleRows, listSamples, registerCharger, sampleRows, upsertSession } from '../../src/db';
import { WriteBatcher } from '../../src/lifecycle/writeBatcher';
import { useTestDatabase, type TestDatabaseKind } from '../helpers/db';
import * as fx from './fixtures';

const FOREIGN_KEY_VIOLATION = '23503';

describe.each<TestDatabaseKind>(['postgres', 'pglite'])('batched sample inserts on %s', (kind) => {
  const t = useTestDatabase({ kind });
  const first = 'session-CP-BER-001-71';
  const second = 'session-CP-BER-001-72';

  beforeAll(async () => {
    await registerCharger(t.db, fx.charger);
    await upsertSession(t.db, fx.session({ id: first, transactionId: '71' }));
    await upsertSession(t.db, fx.session({ id: second, transactionId: '72', connectorId: 2 }));
  });

  const reading = (minute: number, energyWh: string) => ({
    timestamp: `2025-03-10T17:${String(minute).padStart(2, '0')}:00Z`,
    energyWh,
  });

  it('counts per frame across sessions, stores a repeated reading once, keeps arrival order', async () => {
    const frames = [
      sampleRows(first, [reading(16, '1234600'), reading(17, '1234700')]),
      sampleRows(second, [reading(16, '500100')]),
      sampleRows(first, [reading(17, '1234700.0'), reading(18, '1234800')]), // 17:00 again, written differently
    ];
    expect(await insertSampleRows(t.db, frames)).toEqual([
      { inserted: 2, duplicates: 0 },
      { inserted: 1, duplicates: 0 },
      { inserted: 1, duplicates: 1 },
    ]);
    // The same frames again (a charger resending after a reconnect): nothing new.
    expect(await insertSampleRows(t.db, frames)).toEqual([
      { inserted: 0, duplicates: 2 },
      { inserted: 0, duplicates: 1 },
      { inserted: 0, duplicates: 2 },
    ]);
    const stored = await listSamples(t.db, first);
    expect(stored.map((s) => s.energyWh)).toEqual(['1234600', '1234700', '1234800']);
    const ids = stored.map((s) => BigInt(s.id));
    expect([...ids].sort((a, b) => (a < b ? -1 : 1))).toEqual(ids);
  });

  it('through the batcher, a frame of an unknown session fails alone and the others are stored', async () => {
    // One write in flight: the last three frames queue behind the first and share one INSERT, which fails.
    const batcher = new WriteBatcher(
      (frames: ReturnType<typeof sampleRows>[]) => insertSampleRows(t.db, frames),
      1,
    );
    const results = await Promise.allSettled([
      batcher.add(sampleRows(first, [reading(30, '1240000')])),
      batcher.add(sampleRows(first, [reading(31, '1240100')])),
      batcher.add(sampleRows('session-nobody-started', [reading(31, '1')])),
      batcher.add(sampleRows(second, [reading(31, '500200')])),
    ]);
    expect(
      results.map((r) => (r.status === 'fulfilled' ? r.value : (r.reason as { code?: string }).code)),
    ).toEqual([
      { inserted: 1, duplicates: 0 },
      { inserted: 1, duplicates: 0 },
      FOREIGN_KEY_VIOLATION,
      { inserted: 1, duplicates: 0 },
    ]);
    expect((await listSamples(t.db, second)).map((s) => s.energyWh)).toEqual(['500100', '500200']);
  });
});
