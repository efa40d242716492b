// The audit trail: who did what to which subject, append-only (a trigger rejects UPDATE).
import type { Knex } from 'knex';
import { contentHash } from '../canonicalJson';
import { instant, iso, requiredText } from '../values';

export interface AuditEntryInput {
  /** e.g. "api:<client id>", "workflow:<workflow id>", "cli:<user>". */
  actor: string;
  /** e.g. "tariff.put", "cdr.store", "invoice.issue". */
  action: string;
  /** e.g. "tariff:DE-ABC-T1", "session:session-CP1-42". */
  subject?: string;
  data?: Record<string, unknown>;
  /** When it happened; default now. */
  at?: string;
  /**
   * Makes the append retry-safe: the same key twice is one entry. Default: derived from the content
   * when `at` is given (so a replayed append of the same fact is one row), none otherwise.
   */
  idempotencyKey?: string;
}

export interface AuditEntry {
  id: string;
  at: string;
  actor: string;
  action: string;
  subject: string | null;
  data: Record<string, unknown>;
}

type Row = Record<string, unknown>;

function toEntry(row: Row): AuditEntry {
  return {
    id: String(row.id),
    at: iso(row.at as Date),
    actor: row.actor as string,
    action: row.action as string,
    subject: row.subject as string | null,
    data: row.data as Record<string, unknown>,
  };
}

export async function appendAudit(
  db: Knex,
  entry: AuditEntryInput,
): Promise<{ entry: AuditEntry; inserted: boolean }> {
  const at = entry.at === undefined ? new Date() : instant('at', entry.at);
  const columns = {
    at,
    actor: requiredText('actor', entry.actor),
    action: requiredText('action', entry.action),
    subject: entry.subject ?? null,
    data: JSON.stringify(entry.data ?? {}),
  };
  const key =
    entry.idempotencyKey ??
    (entry.at === undefined
      ? null
      : contentHash({ ...columns, at: at.toISOString(), data: entry.data ?? {} }));
  const [row] = await db('audit_log')
    .insert({ ...columns, idempotency_key: key })
    .onConflict('idempotency_key')
    .ignore()
    .returning('*');
  if (row) return { entry: toEntry(row), inserted: true };
  return { entry: toEntry(await db('audit_log').where({ idempotency_key: key }).first()), inserted: false };
}

export async function listAudit(
  db: Knex,
  filter: { subject?: string; actor?: string; limit?: number; offset?: number } = {},
): Promise<AuditEntry[]> {
  const query = db('audit_log').orderBy('id');
  if (filter.subject) query.where({ subject: filter.subject });
  if (filter.actor) query.where({ actor: filter.actor });
  return (await query.limit(filter.limit ?? 100).offset(filter.offset ?? 0)).map(toEntry);
}
