// GET /health (no authentication): whether this API process reaches PostgreSQL and Temporal.
import { Type } from '@sinclair/typebox';
import { ApiError } from '../apiError';
import type { ApiApp, ApiContext } from '../apiContext';
import { errorResponses } from '../schemas/errors';

/** A dependency that does not answer within this time counts as unreachable. */
const CHECK_TIMEOUT_MS = 3_000;

async function probe(name: string, check: () => Promise<unknown>): Promise<{ name: string; error?: string }> {
  try {
    await check();
    return { name };
  } catch (error) {
    return { name, error: error instanceof Error ? error.message : String(error) };
  }
}

/** `promise`, or a rejection after `ms`; a late failure of `promise` is then ignored, never unhandled. */
function within<T>(promise: Promise<T>, ms: number): Promise<T> {
  promise.catch(() => undefined);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function healthRoutes(app: ApiApp, { db, temporal }: ApiContext): void {
  app.get(
    '/health',
    {
      schema: {
        tags: ['health'],
        operationId: 'health',
        summary: 'Liveness and dependencies',
        description: '200 when PostgreSQL and Temporal answer; 503 naming the one that does not.',
        security: [],
        response: {
          200: Type.Object(
            {
              status: Type.Literal('ok'),
              checks: Type.Object({ database: Type.Literal('ok'), temporal: Type.Literal('ok') }),
            },
            { description: 'Both answer.' },
          ),
          ...errorResponses(503),
        },
      },
    },
    async () => {
      const results = await Promise.all([
        probe('database', () => within(Promise.resolve(db.raw('select 1')), CHECK_TIMEOUT_MS)),
        // A gRPC deadline rather than a timer: it also ends the client's own retries, so nothing of
        // the check outlives the answer.
        probe('temporal', () =>
          temporal.connection.withDeadline(Date.now() + CHECK_TIMEOUT_MS, () =>
            temporal.workflowService.getSystemInfo({}),
          ),
        ),
      ]);
      const failed = results.filter((result) => result.error !== undefined);
      if (failed.length > 0) {
        throw new ApiError(
          'unavailable',
          failed.map((f) => `${f.name}: ${f.error}`).join('; '),
          failed.map((f) => ({ path: f.name, message: f.error! })),
        );
      }
      return { status: 'ok' as const, checks: { database: 'ok' as const, temporal: 'ok' as const } };
    },
  );
}
