// OCPP 1.6 transaction id allocation under concurrency, on a real PostgreSQL server with several
// connection pools (as several gateway processes would have), and on PGlite.
import type { Knex } from 'knex';
import { createKnex } from '../../src/db/knex';
import { allocateTransactionId } from '../../src/db/repos/transactionIds';
import { useTestDatabase, type TestDatabaseKind } from '../helpers/db';

const start = (i: number) => ({
  chargePointId: `CP-${i % 7}`,
  connectorId: 1 + (i % 2),
  idTag: 'TAG-1',
  startedAt: new Date(Date.UTC(2025, 2, 10, 8, 0, i)).toISOString(),
});

describe.each<TestDatabaseKind>(['postgres', 'pglite'])('allocateTransactionId on %s', (kind) => {
  const t = useTestDatabase({ kind });
  let pools: Knex[] = [];

  beforeAll(() => {
    // PGlite has a single connection; PostgreSQL gets four independent pools of five connections.
    pools =
      kind === 'postgres' ? [0, 1, 2, 3].map(() => createKnex(t.current.config, { poolMax: 5 })) : [t.db];
  });
  afterAll(async () => {
    if (kind === 'postgres') await Promise.all(pools.map((p) => p.destroy()));
  });
  const pool = (i: number) => pools[i % pools.length];

  it('gives 60 different starts racing each other 60 distinct ids', async () => {
    const ids = await Promise.all(
      Array.from({ length: 60 }, (_, i) => allocateTransactionId(pool(i), start(i))),
    );
    expect(new Set(ids).size).toBe(60);
    expect(ids.every((id) => Number.isInteger(id) && id > 0)).toBe(true);
  });

  it('gives 40 racing deliveries of the same start one id and one row', async () => {
    const same = {
      chargePointId: 'CP-RACE',
      connectorId: 2,
      idTag: 'TAG-9',
      startedAt: '2025-03-10T09:00:00Z',
    };
    const ids = await Promise.all(Array.from({ length: 40 }, (_, i) => allocateTransactionId(pool(i), same)));
    expect(new Set(ids).size).toBe(1);
    const rows = await t.db('transaction_ids').where({ charge_point_id: 'CP-RACE' });
    expect(rows).toHaveLength(1);
    expect(rows[0].transaction_id).toBe(ids[0]);
  });

  it('names the bad field', async () => {
    await expect(allocateTransactionId(t.db, { ...start(1), startedAt: 'yesterday' })).rejects.toThrow(
      'startedAt: expected an ISO 8601 instant with offset, got "yesterday"',
    );
    await expect(allocateTransactionId(t.db, { ...start(1), connectorId: 1.5 })).rejects.toThrow(
      'connectorId',
    );
  });
});
