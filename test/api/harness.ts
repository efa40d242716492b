// An API on a private test database, listening on loopback (see http.ts for why not fastify.inject):
// alone, with a real Temporal client but no worker, for tests of auth, validation, errors and the
// OpenAPI document; or the full stack (worker, session service, API) for end-to-end sessions.
import type { Client } from '@temporalio/client';
import type { Knex } from 'knex';
import pino from 'pino';
import { buildApiServer, type ApiApp } from '../../src/api';
import { createApiClient } from '../../src/db';
import { SessionService } from '../../src/lifecycle/sessionService';
import { startStack, type Stack } from '../../src/runtime/stack';
import { connectClient } from '../../src/temporal/connection';
import { bundleWorkflows } from '../../src/worker';
import { useTestDatabase } from '../helpers/db';
import { testTemporalConfig } from '../helpers/temporal';
import { send, type ApiRequest, type ApiResponse } from './http';

/** Creates an API client with `scopes` and returns its `Authorization` header. */
export async function bearerFor(
  db: Knex,
  name: string,
  scopes: string[],
): Promise<{ authorization: string }> {
  const { apiKey } = await createApiClient(db, { name, scopes });
  return { authorization: `Bearer ${apiKey}` };
}

/** buildApiServer on a test database and the run's Temporal server (no worker: nothing executes sessions). */
export function useApi() {
  const testDb = useTestDatabase();
  let app: ApiApp | undefined;
  let temporal: Client | undefined;
  let sessions: SessionService | undefined;
  let url: string | undefined;
  beforeAll(async () => {
    const config = testTemporalConfig();
    temporal = await connectClient(config);
    sessions = new SessionService({
      db: testDb.db,
      client: temporal,
      taskQueue: config.taskQueue,
      logger: pino({ level: 'silent' }),
    });
    app = buildApiServer({ db: testDb.db, sessions, temporal });
    url = await app.listen({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => {
    await app?.close();
    await temporal?.connection.close();
  });
  return {
    get db() {
      return testDb.db;
    },
    get app() {
      if (!app) throw new Error('the API is not ready yet: use it inside tests or hooks');
      return app;
    },
    /** Sends a request to the listening API. */
    inject(request: ApiRequest): Promise<ApiResponse> {
      if (!url) throw new Error('the API is not listening yet: use it inside tests or hooks');
      return send(url, request);
    },
  };
}

/** The whole stack with the API listening on 127.0.0.1 and a worker on the run's Temporal server. */
export function useApiStack() {
  const testDb = useTestDatabase();
  let stack: Stack | undefined;
  beforeAll(async () => {
    stack = await startStack({
      db: testDb.db,
      temporal: testTemporalConfig(),
      defaultOwner: { countryCode: 'DE', partyId: 'CLG' },
      api: {},
      workflowBundle: await bundleWorkflows(),
    });
  }, 120_000);
  afterAll(async () => {
    await stack?.close();
  });
  return {
    get db() {
      return testDb.db;
    },
    get url() {
      if (!stack?.api) throw new Error('the stack is not ready yet: use it inside tests or hooks');
      return stack.api.url;
    },
  };
}
