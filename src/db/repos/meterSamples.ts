// Raw meter samples of a session, exactly as the charger sent them, plus the validator's findings.
// Chargers resend MeterValues after reconnecting; the same reading stored twice is one row (keyed by a
// hash of its normalised values), so a retried activity or a repeated frame never double-counts.
import type { Knex } from 'knex';
import type { MeterSample } from '../../session/types';
import { contentHash } from '../canonicalJson';
import { instant, iso, normalizedDecimal, optionalDecimal } from '../values';

export interface SampleToStore extends MeterSample {
  /** Validation findings (src/session/meterValidation), e.g. ["out_of_order"]; empty = accepted. */
  flags?: string[];
}

export interface StoredSample extends MeterSample {
  id: string;
  sessionId: string;
  flags: string[];
  receivedAt: string;
}

/** Rows per INSERT statement: far below PostgreSQL's 65535 bind parameters. */
const BATCH = 1000;

type Row = Record<string, unknown>;

function columnsOf(sessionId: string, sample: SampleToStore, index: number): Row {
  const field = (name: string) => `samples[${index}].${name}`;
  const sampledAt = instant(field('timestamp'), sample.timestamp);
  const energy = optionalDecimal(field('energyWh'), sample.energyWh);
  const power = optionalDecimal(field('powerW'), sample.powerW);
  const current = optionalDecimal(field('currentA'), sample.currentA);
  const soc = optionalDecimal(field('socPercent'), sample.socPercent);
  const key = contentHash({
    t: sampledAt.toISOString(),
    e: normalizedDecimal(energy),
    p: normalizedDecimal(power),
    c: normalizedDecimal(current),
    s: normalizedDecimal(soc),
    x: sample.context ?? null,
    d: sample.signedData ?? null,
    f: sample.signedFormat ?? null,
  });
  return {
    session_id: sessionId,
    sampled_at: sampledAt,
    energy_wh: energy,
    power_w: power,
    current_a: current,
    soc_percent: soc,
    context: sample.context ?? null,
    signed_data: sample.signedData ?? null,
    signed_format: sample.signedFormat ?? null,
    flags: sample.flags ?? [],
    sample_key: key,
  };
}

function toStored(row: Row): StoredSample {
  const sample: StoredSample = {
    id: String(row.id),
    sessionId: row.session_id as string,
    timestamp: iso(row.sampled_at as Date),
    flags: row.flags as string[],
    receivedAt: iso(row.received_at as Date),
  };
  const optional: Array<[keyof MeterSample, string]> = [
    ['energyWh', 'energy_wh'],
    ['powerW', 'power_w'],
    ['currentA', 'current_a'],
    ['socPercent', 'soc_percent'],
    ['context', 'context'],
    ['signedData', 'signed_data'],
    ['signedFormat', 'signed_format'],
  ];
  for (const [prop, column] of optional) if (row[column] !== null) sample[prop] = row[column] as string;
  return sample;
}

/** One frame's samples as rows to insert: validated, duplicates within the frame dropped. */
export interface SampleRows {
  rows: Row[];
  /** Samples in the frame, duplicates included. */
  count: number;
}

/** Validates a frame's samples (InvalidRecordError names the one at fault) and turns them into rows. */
export function sampleRows(sessionId: string, samples: SampleToStore[]): SampleRows {
  const byKey = new Map<string, Row>();
  samples.forEach((sample, i) => {
    const row = columnsOf(sessionId, sample, i);
    if (!byKey.has(row.sample_key as string)) byKey.set(row.sample_key as string, row);
  });
  return { rows: [...byKey.values()], count: samples.length };
}

/**
 * Stores the samples of several frames (of any sessions) in as few statements as there are
 * BATCH-sized slices: readings already stored, or repeated among the frames, are skipped (a repeated
 * one counts for the first frame that carries it). Per frame: how many rows were new, how many duplicates.
 */
export async function insertSampleRows(
  db: Knex,
  frames: readonly SampleRows[],
): Promise<Array<{ inserted: number; duplicates: number }>> {
  const ownerOf = new Map<string, number>();
  const rows: Row[] = [];
  const keyOf = (sessionId: unknown, sampleKey: unknown) => `${String(sessionId)} ${String(sampleKey)}`;
  frames.forEach((frame, index) => {
    for (const row of frame.rows) {
      const key = keyOf(row.session_id, row.sample_key);
      if (ownerOf.has(key)) continue;
      ownerOf.set(key, index);
      rows.push(row);
    }
  });
  const inserted = frames.map(() => 0);
  for (let i = 0; i < rows.length; i += BATCH) {
    const returned: Row[] = await db('meter_samples')
      .insert(rows.slice(i, i + BATCH))
      .onConflict(['session_id', 'sample_key'])
      .ignore()
      .returning(['session_id', 'sample_key']);
    for (const row of returned) inserted[ownerOf.get(keyOf(row.session_id, row.sample_key))!]++;
  }
  return frames.map((frame, index) => ({
    inserted: inserted[index],
    duplicates: frame.count - inserted[index],
  }));
}

/**
 * Stores samples of a session; readings already stored (or repeated within `samples`) are skipped.
 * Returns how many rows were new and how many were duplicates.
 */
export async function recordSamples(
  db: Knex,
  sessionId: string,
  samples: SampleToStore[],
): Promise<{ inserted: number; duplicates: number }> {
  const [stored] = await insertSampleRows(db, [sampleRows(sessionId, samples)]);
  return stored;
}

/**
 * A session's samples in time order (ties in arrival order); `acceptedOnly` leaves out flagged ones,
 * `ingestedOnly` those the session's ingest has not classified yet (unflagged is not accepted yet).
 */
export async function listSamples(
  db: Knex,
  sessionId: string,
  options: { acceptedOnly?: boolean; ingestedOnly?: boolean } = {},
): Promise<StoredSample[]> {
  const query = db('meter_samples')
    .where({ session_id: sessionId })
    .orderBy([{ column: 'sampled_at' }, { column: 'id' }]);
  if (options.acceptedOnly) query.whereRaw('cardinality(flags) = 0');
  if (options.ingestedOnly)
    query.whereRaw('id <= (select ingested_sample_id from sessions where sessions.id = ?)', [sessionId]);
  return (await query).map(toStored);
}
