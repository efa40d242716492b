// How column values come back from PostgreSQL and PGlite, made identical for both: exact decimals and
// 64-bit integers as strings (never JS floats), calendar dates as "YYYY-MM-DD" strings (a JS Date would
// shift them by the process time zone). timestamptz stays a JS Date (an instant; ms precision is what
// chargers send), json/jsonb are parsed objects.
import pg from 'pg';

/** PostgreSQL type oids we override. */
export const PG_OID = {
  int8: 20,
  numeric: 1700,
  date: 1082,
  timestamp: 1114,
  timestamptz: 1184,
  int8Array: 1016,
  numericArray: 1231,
  textArray: 1009,
} as const;

const asIs = (value: string) => value;

/** Parsers for PGlite's `parsers` option (it parses arrays itself with the element parser). */
export const pgliteParsers: Record<number, (value: string) => unknown> = {
  [PG_OID.int8]: asIs,
  [PG_OID.numeric]: asIs,
  [PG_OID.date]: asIs,
};

type Oid = Parameters<typeof pg.types.getTypeParser>[0];
// pg's own text[] parser, reused for numeric[] and int8[] (its declared oid list omits array types).
/** Instants as ISO strings; duck-typed so a Date from another realm (jest's sandbox) serialises too. */
const serializeInstant = (value: unknown) =>
  typeof (value as Date | undefined)?.toISOString === 'function'
    ? (value as Date).toISOString()
    : String(value);

export const pgliteSerializers: Record<number, (value: unknown) => string> = {
  [PG_OID.timestamptz]: serializeInstant,
  [PG_OID.timestamp]: serializeInstant,
};

const parseTextArray = pg.types.getTypeParser(PG_OID.textArray as Oid, 'text');

const overrides: Record<number, (value: string) => unknown> = {
  ...pgliteParsers,
  [PG_OID.int8Array]: parseTextArray,
  [PG_OID.numericArray]: parseTextArray,
};

/** The `types` option for a `pg` client: our overrides on top of pg's defaults, without touching pg's globals. */
export const pgTypes = {
  getTypeParser(oid: number, format?: string) {
    if (format !== 'binary' && overrides[oid]) return overrides[oid];
    return pg.types.getTypeParser(oid as Oid, format === 'binary' ? 'binary' : 'text');
  },
};
