// Building blocks of the request and response schemas. Each carries the sentence a validation error
// shows (`x-error-message`, an OpenAPI extension), so a rejected request says what was expected, not
// which regex failed.
import {
  FormatRegistry,
  Kind,
  Type,
  TypeRegistry,
  type SchemaOptions,
  type TSchema,
} from '@sinclair/typebox';
import { parseInstant } from '../../tariff/time/instant';

/** The schema keyword holding the sentence a validation error shows. */
export const ERROR_MESSAGE = 'x-error-message';

// RFC 3339 with an explicit offset: a bare local time would make PostgreSQL guess the zone.
const INSTANT_PATTERN = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})$';
const INSTANT = new RegExp(INSTANT_PATTERN, 'i');

FormatRegistry.Set('date-time', (value) => INSTANT.test(value) && parseInstant(value) !== undefined);

/** An ISO 8601 / RFC 3339 instant with its offset. */
export const Instant = (options: SchemaOptions = {}) =>
  Type.String({
    format: 'date-time',
    examples: ['2026-01-15T16:30:00Z'],
    [ERROR_MESSAGE]: 'expected an RFC 3339 instant with offset, e.g. "2026-01-15T16:30:00Z"',
    ...options,
  });

/** A non-negative decimal as a string ("1000.5"): energy registers, amounts. Never a JSON number. */
export const DecimalString = (options: SchemaOptions = {}) =>
  Type.String({
    pattern: '^\\d+(\\.\\d+)?$',
    [ERROR_MESSAGE]: 'expected a non-negative decimal number as a string, e.g. "1234.5"',
    ...options,
  });

/** A decimal that may be negative (power and current flow both ways on bidirectional chargers). */
export const SignedDecimalString = (options: SchemaOptions = {}) =>
  Type.String({
    pattern: '^-?\\d+(\\.\\d+)?$',
    [ERROR_MESSAGE]: 'expected a decimal number as a string, e.g. "-11000" or "16.5"',
    ...options,
  });

/** A non-empty identifier without surrounding spaces. */
export const Identifier = (options: SchemaOptions = {}) =>
  Type.String({
    minLength: 1,
    maxLength: 255,
    pattern: '^\\S(.*\\S)?$',
    [ERROR_MESSAGE]: 'expected a non-empty text without leading or trailing spaces',
    ...options,
  });

TypeRegistry.Set<{ enum: string[] }>(
  'StringEnum',
  (schema, value) => typeof value === 'string' && schema.enum.includes(value),
);

/** One of a fixed set of strings, documented as a JSON Schema `enum` (TypeBox's recipe). */
export function StringEnum<const T extends readonly string[]>(values: T, options: SchemaOptions = {}) {
  return Type.Unsafe<T[number]>({
    [Kind]: 'StringEnum',
    type: 'string',
    enum: [...values],
    [ERROR_MESSAGE]: `expected one of ${values.join(', ')}`,
    ...options,
  });
}

/** `schema` or JSON null (optional fields a PUT may clear). */
export const Nullable = <T extends TSchema>(schema: T) =>
  Type.Union([schema, Type.Null()], { [ERROR_MESSAGE]: schema[ERROR_MESSAGE] as string | undefined });

/** Money of ours: exact decimal strings. */
export const Money = Type.Object(
  {
    exclVat: Type.String({ examples: ['6.5000'] }),
    inclVat: Type.String({ examples: ['7.7350'] }),
  },
  { description: 'An amount as exact decimal strings, excluding and including VAT.' },
);
