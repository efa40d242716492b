// The documented error body, and the error responses a route declares.
import { Type, type TSchema } from '@sinclair/typebox';
import { ERROR_STATUS } from '../apiError';
import { refTo } from './components';
import { StringEnum } from './primitives';

export const ErrorBodySchema = Type.Object(
  {
    error: Type.Object({
      code: StringEnum(Object.keys(ERROR_STATUS) as (keyof typeof ERROR_STATUS)[], {
        description: 'Stable, machine-readable reason.',
      }),
      message: Type.String({ description: 'What is wrong, naming the field or JSON path.' }),
      details: Type.Optional(
        Type.Array(
          Type.Object({
            in: Type.Optional(Type.String({ description: 'body, query, path or header' })),
            path: Type.Optional(Type.String({ description: 'JSON path inside that part' })),
            message: Type.String(),
            code: Type.Optional(Type.String()),
            severity: Type.Optional(StringEnum(['error', 'warning'] as const)),
          }),
          { description: 'Every problem found, one entry each (validation errors, tariff findings).' },
        ),
      ),
    }),
  },
  {
    $id: 'Error',
    description: 'The body of every 4xx and 5xx response.',
    examples: [
      {
        error: {
          code: 'validation_failed',
          message:
            'body samples[1].energyWh: expected a non-negative decimal number as a string, e.g. "1234.5"',
          details: [
            {
              in: 'body',
              path: 'samples[1].energyWh',
              message: 'expected a non-negative decimal number as a string, e.g. "1234.5"',
            },
          ],
        },
      },
    ],
  },
);

const WHEN: Record<number, string> = {
  400: 'Malformed request (e.g. invalid JSON).',
  401: 'Missing, unknown or revoked API key.',
  403: 'The API key lacks the scope this route needs.',
  404: 'No such resource.',
  409: 'The request contradicts the resource’s current state.',
  422: 'The request is well-formed but invalid; `message` and `details` name each field.',
  503: 'A dependency (PostgreSQL, Temporal) is unreachable.',
};

/**
 * Response schemas for the error statuses a route can answer with; 400 (malformed request) always.
 * 401 and 403 are added to every scoped route by the OpenAPI setup.
 */
export function errorResponses(...statuses: number[]): Record<number, TSchema> {
  const all = [...new Set([400, ...statuses])];
  return Object.fromEntries(
    all.map((status) => [status, refTo(ErrorBodySchema, { description: WHEN[status] })]),
  );
}
