// The first API key, without a CLI: set CHARGELEDGER_BOOTSTRAP_API_KEY (at least 16 characters) and
// the API process (or `chargeledger dev`) creates an admin client holding that key. Idempotent: the same
// key again is the same client. A new key creates a new client (its name carries the key's prefix), so
// rotating is: set the new key, restart, revoke the old client.
import type { Knex } from 'knex';
import { createApiClient, type ApiClient } from '../db';

export const BOOTSTRAP_KEY_ENV = 'CHARGELEDGER_BOOTSTRAP_API_KEY';

export async function ensureBootstrapApiClient(db: Knex, apiKey: string): Promise<ApiClient> {
  const { client } = await createApiClient(db, {
    name: `bootstrap-admin-${apiKey.slice(0, 8)}`,
    scopes: ['admin'],
    key: apiKey,
  });
  return client;
}
