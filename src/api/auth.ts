// API keys and scopes. A client sends `Authorization: Bearer <key>`; the key's client (api_clients, via
// verifyApiKey) must hold the route's scope. `admin` holds every scope, and `x:write` includes `x:read`.
// A route declares its scope in `config.scope`; routes without one (health, docs) are public.
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Knex } from 'knex';
import { verifyApiKey, type ApiClient } from '../db';
import { ApiError } from './apiError';

export const SCOPES = [
  'sessions:read',
  'sessions:write',
  'cdrs:read',
  'tariffs:read',
  'tariffs:write',
  'tokens:read',
  'tokens:write',
  'chargers:read',
  'chargers:write',
  'invoices:read',
  'invoices:write',
  'exports:read',
  'customers:read',
  'customers:write',
  'admin',
] as const;

export type Scope = (typeof SCOPES)[number];

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The scope a client needs for this route; absent = no authentication. */
    scope?: Scope;
  }
  interface FastifyRequest {
    /** The authenticated client (set on every route that has a scope). */
    apiClient?: ApiClient;
  }
}

/** Whether a client holding `held` may use a route that needs `needed`. */
export function grants(held: readonly string[], needed: Scope): boolean {
  if (held.includes('admin') || held.includes(needed)) return true;
  const [resource, access] = needed.split(':');
  return access === 'read' && held.includes(`${resource}:write`);
}

function bearerKey(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header) {
    throw new ApiError(
      'unauthorized',
      'missing Authorization header: send "Authorization: Bearer <API key>"',
    );
  }
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match) {
    throw new ApiError('unauthorized', 'Authorization header: expected "Bearer <API key>"');
  }
  return match[1];
}

/** The client a route's request is made by; throws 401/403 ApiErrors. */
async function authenticate(db: Knex, request: FastifyRequest, scope: Scope): Promise<ApiClient> {
  const client = await verifyApiKey(db, bearerKey(request));
  if (!client) throw new ApiError('unauthorized', 'unknown or revoked API key');
  if (!grants(client.scopes, scope)) {
    throw new ApiError(
      'forbidden',
      `API client "${client.name}" lacks scope ${scope} (it has: ${client.scopes.join(', ') || 'none'})`,
    );
  }
  return client;
}

export function installAuthentication(app: FastifyInstance, db: Knex): void {
  app.decorateRequest('apiClient', undefined);
  app.addHook('onRequest', async (request, reply) => {
    const scope = request.routeOptions.config.scope;
    if (!scope) return;
    try {
      request.apiClient = await authenticate(db, request, scope);
    } catch (error) {
      if (error instanceof ApiError && error.code === 'unauthorized')
        reply.header('WWW-Authenticate', 'Bearer');
      throw error;
    }
  });
}

/** The authenticated client of a scoped route's request. */
export function clientOf(request: FastifyRequest): ApiClient {
  if (!request.apiClient)
    throw new Error(`route ${request.routeOptions.url} has no scope but needs a client`);
  return request.apiClient;
}
