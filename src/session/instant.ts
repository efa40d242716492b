// Instants as epoch milliseconds (exact integers). Parsing follows OCPI DateTime (RFC 3339, UTC when no
// zone is given, offsets accepted); CDR boundaries are whole UTC seconds, as OCPI's DateTime examples are.
import { formatInstant, parseInstant } from '../tariff/time/instant';

export { formatInstant };

const MS_PER_SECOND = 1000;

/** Epoch ms of an ISO 8601 instant; throws naming `field` when the text is not one. */
export function parseInstantField(text: unknown, field: string): number {
  const ms = typeof text === 'string' ? parseInstant(text) : undefined;
  if (ms === undefined)
    throw new Error(`${field}: expected an ISO 8601 instant, got ${JSON.stringify(text)}`);
  return ms;
}

/** Epoch ms of an ISO 8601 instant, or undefined when the text is not one. */
export function instantOrUndefined(text: unknown): number | undefined {
  return typeof text === 'string' ? parseInstant(text) : undefined;
}

// Integer remainder arithmetic: exact for every epoch-ms value.
export function floorToSecond(ms: number): number {
  return ms - (((ms % MS_PER_SECOND) + MS_PER_SECOND) % MS_PER_SECOND);
}

export function ceilToSecond(ms: number): number {
  const floor = floorToSecond(ms);
  return floor === ms ? ms : floor + MS_PER_SECOND;
}
