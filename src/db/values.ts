// Checks and conversions at the database boundary. Bad input fails here with the field's name, before
// PostgreSQL would answer with a less helpful error.
import Decimal from 'decimal.js';

export class InvalidRecordError extends Error {
  constructor(
    /** e.g. "meter_samples[3].energyWh" */
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
    this.name = 'InvalidRecordError';
  }
}

// RFC 3339 date-time with an explicit offset: without one PostgreSQL would guess the zone.
const INSTANT = /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/i;

/** Parses an ISO 8601 instant that carries its offset (Z or ±hh:mm). */
export function instant(field: string, value: string | Date): Date {
  const date = value instanceof Date ? value : INSTANT.test(value) ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new InvalidRecordError(
      field,
      `expected an ISO 8601 instant with offset, got ${JSON.stringify(value)}`,
    );
  }
  return date;
}

export function optionalInstant(field: string, value: string | Date | null | undefined): Date | null {
  return value === undefined || value === null ? null : instant(field, value);
}

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** A finite decimal as a string (numbers via their shortest form), kept as given so its scale survives. */
export function decimalString(field: string, value: string | number): string {
  const text = typeof value === 'number' ? String(value) : value.trim();
  if (!DECIMAL.test(text))
    throw new InvalidRecordError(field, `expected a decimal number, got ${JSON.stringify(value)}`);
  return text;
}

export function optionalDecimal(field: string, value: string | number | null | undefined): string | null {
  return value === undefined || value === null ? null : decimalString(field, value);
}

/** The canonical form of a decimal string, for comparisons and hashes ("1000.50" → "1000.5"). */
export function normalizedDecimal(value: string | null): string | null {
  return value === null ? null : new Decimal(value).toFixed();
}

export function requiredText(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new InvalidRecordError(field, `expected a non-empty string, got ${JSON.stringify(value)}`);
  }
  return value;
}

export function oneOf<T extends string>(field: string, value: unknown, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    throw new InvalidRecordError(
      field,
      `expected one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`,
    );
  }
  return value as T;
}

/** Row timestamps (Date from pg/PGlite) to ISO strings for the domain. */
export function iso(value: Date | string): string {
  return (value instanceof Date ? value : new Date(value)).toISOString();
}

export function isoOrNull(value: Date | string | null | undefined): string | null {
  return value === null || value === undefined ? null : iso(value);
}

/** Rows aggregated into a json/jsonb column. PGlite and pg both parse those; a string would mean a driver that does not. */
export function jsonRows(value: unknown): Record<string, unknown>[] {
  return (typeof value === 'string' ? JSON.parse(value) : value) as Record<string, unknown>[];
}
