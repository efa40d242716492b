// Values come back the same from PostgreSQL and PGlite: exact decimals and 64-bit integers as strings,
// never JS numbers that would round them; dates as calendar strings; instants as Dates.
import { useTestDatabase, type TestDatabaseKind } from '../helpers/db';

describe.each<TestDatabaseKind>(['postgres', 'pglite'])('value parsing on %s', (kind) => {
  const t = useTestDatabase({ kind, migrate: false });

  it('returns numerics and bigints as exact strings, arrays included', async () => {
    const { rows } = await t.db.raw(`
      select 1234567890123456789.123456789012345678::numeric as big_decimal,
             0.1::numeric + 0.2::numeric as sum,
             12.3450::numeric as keeps_scale,
             -0.0001::numeric(10, 4) as negative,
             9007199254740993::bigint as beyond_double,
             count(*) as counted,
             array[1.10, 2.000000000000000001]::numeric[] as decimals,
             array[9007199254740993]::bigint[] as bigints,
             '2025-03-30'::date as calendar_day,
             '2025-03-30T01:30:00+01:00'::timestamptz as instant
        from (values (1), (2)) as v(x)`);
    const row = rows[0];
    expect(row).toMatchObject({
      big_decimal: '1234567890123456789.123456789012345678',
      sum: '0.3',
      keeps_scale: '12.3450',
      negative: '-0.0001',
      beyond_double: '9007199254740993',
      counted: '2',
      decimals: ['1.10', '2.000000000000000001'],
      bigints: ['9007199254740993'],
      calendar_day: '2025-03-30',
    });
    // A Date (possibly from another realm under jest): compare the instant it holds.
    expect(new Date(row.instant).toISOString()).toBe('2025-03-30T00:30:00.000Z');
    expect(Object.prototype.toString.call(row.instant)).toBe('[object Date]');
  });

  it('sends Dates and decimal strings as exact parameters', async () => {
    const { rows } = await t.db.raw('select ?::timestamptz as at, ?::numeric * 3 as tripled', [
      new Date('2025-10-26T00:59:59.999Z'),
      '0.333333333333333333333333',
    ]);
    expect(new Date(rows[0].at).toISOString()).toBe('2025-10-26T00:59:59.999Z');
    expect(rows[0].tripled).toBe('0.999999999999999999999999');
  });
});
