// Every write through the API leaves an audit entry naming the client (actor "api:<client id>"),
// written after the change succeeded. A retried request is a new entry: the log records requests.
import type { FastifyRequest } from 'fastify';
import type { Knex } from 'knex';
import { appendAudit } from '../db';
import { clientOf } from './auth';

export async function auditWrite(
  db: Knex,
  request: FastifyRequest,
  action: string,
  subject: string,
  data: Record<string, unknown> = {},
): Promise<void> {
  await appendAudit(db, {
    actor: `api:${clientOf(request).id}`,
    action,
    subject,
    data: { ...data, requestId: request.id },
  });
}
