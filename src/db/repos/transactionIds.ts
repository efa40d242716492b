// OCPP 1.6 transaction ids: the backend hands out integers. A charger that retries StartTransaction
// (same charger, connector, idTag and start time) gets the id it was given the first time.
import type { Knex } from 'knex';
import { InvalidRecordError, instant, requiredText } from '../values';

export interface TransactionStartKey {
  chargePointId: string;
  connectorId: number;
  idTag: string;
  /** The start timestamp the charger reported. */
  startedAt: string;
}

/** The transaction id for this start: new on first sight, the same one on every retry. */
export async function allocateTransactionId(db: Knex, start: TransactionStartKey): Promise<number> {
  if (!Number.isInteger(start.connectorId) || start.connectorId < 0) {
    throw new InvalidRecordError('connectorId', `expected an integer ≥ 0, got ${start.connectorId}`);
  }
  const key = {
    charge_point_id: requiredText('chargePointId', start.chargePointId),
    connector_id: start.connectorId,
    id_tag: requiredText('idTag', start.idTag),
    started_at: instant('startedAt', start.startedAt),
  };
  // A concurrent insert of the same key waits for the first to commit and then inserts nothing,
  // so the select below always finds the winner's row.
  const [inserted] = await db('transaction_ids')
    .insert(key)
    .onConflict(Object.keys(key))
    .ignore()
    .returning('transaction_id');
  if (inserted) return inserted.transaction_id as number;
  const existing = await db('transaction_ids').where(key).first('transaction_id');
  return existing.transaction_id as number;
}
