// Versioned tariffs. A put that changes a tariff appends version n+1; old versions are never altered
// (a trigger rejects UPDATE), so a session that froze (tariff_id, version) at its start is always rated
// by the prices the driver was shown.
import type { Knex } from 'knex';
import type { Tariff } from '../../tariff/types';
import { contentHash } from '../canonicalJson';
import { InvalidRecordError, instant, iso, isoOrNull, optionalInstant, requiredText } from '../values';

export interface TariffVersionRecord {
  tariffId: string;
  version: number;
  countryCode: string;
  partyId: string;
  currency: string;
  type: string | null;
  tariff: Tariff;
  validFrom: string | null;
  validTo: string | null;
  lastUpdated: string;
  createdAt: string;
}

type Row = Record<string, unknown>;

function toRecord(row: Row): TariffVersionRecord {
  return {
    tariffId: row.tariff_id as string,
    version: row.version as number,
    countryCode: row.country_code as string,
    partyId: row.party_id as string,
    currency: row.currency as string,
    type: row.type as string | null,
    tariff: row.tariff as Tariff,
    validFrom: isoOrNull(row.valid_from as Date | null),
    validTo: isoOrNull(row.valid_to as Date | null),
    lastUpdated: iso(row.last_updated as Date),
    createdAt: iso(row.created_at as Date),
  };
}

/** What makes two puts "the same tariff": everything except last_updated, which a resend may bump. */
function tariffHash(tariff: Tariff): string {
  const { last_updated: _ignored, ...content } = tariff;
  return contentHash(content);
}

function columnsOf(tariff: Tariff): Row {
  if (!tariff || typeof tariff !== 'object')
    throw new InvalidRecordError('tariff', 'expected an OCPI Tariff object');
  if (!Array.isArray(tariff.elements)) throw new InvalidRecordError('tariff.elements', 'expected an array');
  if (!/^[A-Z]{3}$/.test(String(tariff.currency))) {
    throw new InvalidRecordError(
      'tariff.currency',
      `expected an ISO 4217 code, got ${JSON.stringify(tariff.currency)}`,
    );
  }
  return {
    tariff_id: requiredText('tariff.id', tariff.id),
    country_code: requiredText('tariff.country_code', tariff.country_code),
    party_id: requiredText('tariff.party_id', tariff.party_id),
    currency: tariff.currency,
    type: tariff.type ?? null,
    tariff: JSON.stringify(tariff),
    content_hash: tariffHash(tariff),
    valid_from: optionalInstant('tariff.start_date_time', tariff.start_date_time),
    valid_to: optionalInstant('tariff.end_date_time', tariff.end_date_time),
    last_updated: instant('tariff.last_updated', tariff.last_updated),
  };
}

/** The highest version of `tariffId`, or the given version; undefined when unknown. */
export async function getTariff(
  db: Knex,
  tariffId: string,
  version?: number,
): Promise<TariffVersionRecord | undefined> {
  const query = db('tariffs').where({ tariff_id: tariffId });
  const row =
    version === undefined
      ? await query.orderBy('version', 'desc').first()
      : await query.andWhere({ version }).first();
  return row ? toRecord(row) : undefined;
}

/** Every version of a tariff, oldest first. */
export async function listTariffVersions(db: Knex, tariffId: string): Promise<TariffVersionRecord[]> {
  return (await db('tariffs').where({ tariff_id: tariffId }).orderBy('version')).map(toRecord);
}

/** The current (highest) version of every tariff, by id. */
export async function listCurrentTariffs(db: Knex): Promise<TariffVersionRecord[]> {
  const rows = await db('tariffs')
    .distinctOn('tariff_id')
    .orderBy([{ column: 'tariff_id' }, { column: 'version', order: 'desc' }]);
  return rows.map(toRecord);
}

/**
 * Stores `tariff` as the new current version of `tariff.id`, unless it equals the current version
 * (ignoring last_updated), in which case nothing is written and the current version is returned.
 * Safe under concurrent puts: a lost race on the version number is retried.
 */
export async function putTariffVersion(
  db: Knex,
  tariff: Tariff,
): Promise<{ record: TariffVersionRecord; created: boolean }> {
  const columns = columnsOf(tariff);
  for (let attempt = 0; attempt < 20; attempt++) {
    const current = await db('tariffs')
      .where({ tariff_id: columns.tariff_id })
      .orderBy('version', 'desc')
      .first();
    if (current?.content_hash === columns.content_hash) return { record: toRecord(current), created: false };
    const [row] = await db('tariffs')
      .insert({ ...columns, version: ((current?.version as number | undefined) ?? 0) + 1 })
      .onConflict(['tariff_id', 'version'])
      .ignore()
      .returning('*');
    if (row) return { record: toRecord(row), created: true };
  }
  throw new Error(`putTariffVersion(${columns.tariff_id as string}): too many concurrent writers`);
}
