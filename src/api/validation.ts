// Request validation with TypeBox's compiled checks. Bodies are taken exactly as sent (no coercion:
// "12" is not 12); path and query parameters arrive as text and are converted to their schema's types,
// with defaults filled in. Every failure becomes an issue naming where it is (`body`, `query`, `path`)
// and the JSON path inside it, e.g. body `samples[2].energyWh`.
import { Kind, type TSchema } from '@sinclair/typebox';
import { TypeCompiler } from '@sinclair/typebox/compiler';
import { ValueErrorType, type ValueError } from '@sinclair/typebox/errors';
import { Value } from '@sinclair/typebox/value';
import type { FastifySchemaCompiler } from 'fastify';
import { ERROR_MESSAGE } from './schemas/primitives';

/** Where in the request an issue sits. */
export type RequestPart = 'body' | 'query' | 'path' | 'header';

export interface ValidationIssue {
  in: RequestPart;
  /** JSON path inside the part: `samples[2].energyWh`; `$` for the part itself. */
  path: string;
  message: string;
  /** Fastify's default error formatter reads these two. */
  instancePath: string;
}

/**
 * Marks a body schema that is documented in OpenAPI but checked by the handler (e.g. OCPI tariffs,
 * whose parser in src/tariff reports every problem with its JSON path and tells warnings from errors).
 */
export const CHECKED_BY_HANDLER = 'x-checked-by-handler';

const PARTS: Record<string, RequestPart> = {
  body: 'body',
  querystring: 'query',
  params: 'path',
  headers: 'header',
};

export const validatorCompiler: FastifySchemaCompiler<TSchema> = ({ schema, httpPart }) => {
  if ((schema as Record<string, unknown>)[CHECKED_BY_HANDLER]) return (value) => ({ value });
  const part = PARTS[httpPart ?? 'body'] ?? 'body';
  const check = TypeCompiler.Compile(schema);
  return (value) => {
    const input = part === 'body' ? value : Value.Default(schema, Value.Convert(schema, value));
    if (check.Check(input)) return { value: input };
    return { error: issuesOf([...check.Errors(input)], part) as never };
  };
};

/** One issue per offending JSON path (TypeBox may report several for one value), in document order. */
function issuesOf(errors: ValueError[], part: RequestPart): ValidationIssue[] {
  const byPath = new Map<string, ValidationIssue>();
  for (const error of errors) {
    if (byPath.has(error.path)) continue;
    byPath.set(error.path, {
      in: part,
      path: jsonPath(error.path),
      message: messageOf(error),
      instancePath: error.path,
    });
  }
  return [...byPath.values()];
}

/** `/samples/2/energyWh` → `samples[2].energyWh`. */
export function jsonPath(pointer: string): string {
  if (pointer === '') return '$';
  return pointer
    .split('/')
    .slice(1)
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, token) => {
      if (/^\d+$/.test(token)) return `${path}[${token}]`;
      return path === '' ? token : `${path}.${token}`;
    }, '');
}

function messageOf(error: ValueError): string {
  const schema = error.schema as TSchema & { properties?: Record<string, unknown> };
  const explained = schema[ERROR_MESSAGE] as string | undefined;
  switch (error.type) {
    case ValueErrorType.ObjectRequiredProperty:
      return 'is required';
    case ValueErrorType.ObjectAdditionalProperties:
      return `is not a known field (known: ${Object.keys(schema.properties ?? {}).join(', ')})`;
    default:
      if (explained) return explained;
      if (schema[Kind] === 'Object') return 'expected a JSON object';
      return lowerFirst(error.message);
  }
}

const lowerFirst = (text: string) => text.charAt(0).toLowerCase() + text.slice(1);
