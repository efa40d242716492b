// MeterValues and a stop for a transaction the central system never started (a charger replaying old
// frames after a reset, or a stale transaction id): OCPP still wants answers, nothing is stored, and the
// attempts are on record in the audit log for a human.
import type { Knex } from 'knex';
import { listAudit } from '../../src/db';
import { sessionWorkflowId } from '../../workflows/chargeSessionMessages';
import type { ScriptedCharger } from './scriptedCharger';

export async function expectUnknownTransactionAnsweredAndAudited(
  db: Knex,
  charger: ScriptedCharger,
): Promise<void> {
  const transactionId = '987654';
  const sample = { timestamp: '2026-01-15T10:00:00.000Z', energyWh: '1234567', context: 'Sample.Periodic' };
  await expect(charger.sendMeterValues(1, [sample], transactionId)).resolves.toBeUndefined();
  const sessionId = sessionWorkflowId(charger.chargePointId, transactionId);
  const stop = { transactionId, meterStopWh: '1234999', timestamp: '2026-01-15T10:05:00.000Z' };
  await expect(charger.stopTransaction(stop)).resolves.toBeDefined();
  // With samples attached to the stop (1.6 transactionData) too: none of them is stored.
  await expect(charger.stopTransaction({ ...stop, samples: [sample] })).resolves.toBeDefined();
  const [{ count }] = await db('meter_samples').where({ session_id: sessionId }).count({ count: '*' });
  expect(Number(count)).toBe(0);
  expect(await listAudit(db, { subject: sessionId })).toEqual([
    expect.objectContaining({ actor: 'edge', action: 'unknown_session.meter_values', data: { samples: 1 } }),
    expect.objectContaining({ actor: 'edge', action: 'unknown_session.stop' }),
    expect.objectContaining({ actor: 'edge', action: 'unknown_session.stop' }),
  ]);
}
