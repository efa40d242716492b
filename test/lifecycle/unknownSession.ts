// MeterValues for a transaction the central system never started (a charger replaying old frames after a
// reset, or a stale transaction id): OCPP still wants an answer, nothing is stored, and the attempt is
// on record in the audit log for a human.
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
  const [{ count }] = await db('meter_samples').where({ session_id: sessionId }).count({ count: '*' });
  expect(Number(count)).toBe(0);
  expect(await listAudit(db, { subject: sessionId })).toEqual([
    expect.objectContaining({ actor: 'edge', action: 'unknown_session.meter_values', data: { samples: 1 } }),
  ]);
}
