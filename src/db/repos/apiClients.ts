// Integrators' API keys. The key is shown once, at creation; we keep only its sha256.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { apiKeyHash, newApiKey } from '../secrets';
import { InvalidRecordError, iso, isoOrNull, requiredText } from '../values';

export interface ApiClient {
  id: string;
  name: string;
  /** e.g. ["sessions:write", "cdrs:read"]; the API decides what they mean. */
  scopes: string[];
  /** The key's first characters, to tell keys apart in listings. */
  keyPrefix: string;
  createdAt: string;
  revokedAt: string | null;
}

type Row = Record<string, unknown>;

function toClient(row: Row): ApiClient {
  return {
    id: row.id as string,
    name: row.name as string,
    scopes: row.scopes as string[],
    keyPrefix: row.key_prefix as string,
    createdAt: iso(row.created_at as Date),
    revokedAt: isoOrNull(row.revoked_at as Date | null),
  };
}

/**
 * Creates a client named `name` with a new random key (or `key`, e.g. a configured dev key).
 * Idempotent when the key is given: the same name and key again return the same client. A name that
 * exists with another key is an error (rotate by revoking and creating anew).
 */
export async function createApiClient(
  db: Knex,
  input: { name: string; scopes: string[]; key?: string },
): Promise<{ client: ApiClient; apiKey: string }> {
  const name = requiredText('name', input.name);
  const apiKey = input.key ?? newApiKey();
  if (apiKey.length < 16) throw new InvalidRecordError('key', 'an API key needs at least 16 characters');
  const hash = apiKeyHash(apiKey);
  const [row] = await db('api_clients')
    .insert({ id: randomUUID(), name, key_hash: hash, key_prefix: apiKey.slice(0, 8), scopes: input.scopes })
    .onConflict()
    .ignore()
    .returning('*');
  if (row) return { client: toClient(row), apiKey };
  const existing = await db('api_clients').where({ name }).first();
  if (existing?.key_hash === hash) return { client: toClient(existing), apiKey };
  throw new InvalidRecordError(
    'name',
    `an API client named ${JSON.stringify(name)} already exists with another key`,
  );
}

/** The active client owning `apiKey`, or undefined (unknown or revoked key). */
export async function verifyApiKey(db: Knex, apiKey: string): Promise<ApiClient | undefined> {
  const row = await db('api_clients')
    .where({ key_hash: apiKeyHash(apiKey) })
    .whereNull('revoked_at')
    .first();
  return row ? toClient(row) : undefined;
}

export async function listApiClients(db: Knex): Promise<ApiClient[]> {
  return (await db('api_clients').orderBy('created_at')).map(toClient);
}

/** Revokes a client's key (idempotent: the first revocation time stays). */
export async function revokeApiClient(db: Knex, id: string): Promise<ApiClient | undefined> {
  await db('api_clients').where({ id }).whereNull('revoked_at').update({ revoked_at: db.fn.now() });
  const row = await db('api_clients').where({ id }).first();
  return row ? toClient(row) : undefined;
}
