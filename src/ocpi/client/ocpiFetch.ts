// One OCPI HTTP request to a partner: Token authorization (Base64, as 2.2.1 wants), a fresh
// X-Request-ID, an X-Correlation-ID (kept across a conversation when given), routing headers for
// functional modules, JSON body, a time limit. The answer is returned as it came; deciding what it
// means is the caller's business. Only a failure to get any answer throws (OcpiTransportError).
import { randomUUID } from 'node:crypto';
import { authorizationHeader } from '../authorizationHeader';
import { statusClass } from '../statusCodes';
import type { OcpiResponse } from '../types';

export interface PartyAddress {
  countryCode: string;
  partyId: string;
}

export interface OcpiRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  url: string;
  /** The credentials token to present (plain; encoded here). */
  token: string;
  body?: unknown;
  /** OCPI-from/to headers; only for functional modules (never versions or credentials). */
  routing?: { from: PartyAddress; to: PartyAddress };
  correlationId?: string;
  /** Default 15 s. */
  timeoutMs?: number;
}

export interface OcpiAnswer<T> {
  httpStatus: number;
  /** The body when it is an OCPI envelope (has a numeric status_code). */
  envelope: OcpiResponse<T> | undefined;
  headers: Headers;
  requestId: string;
  correlationId: string;
}

/** No answer at all: the connection failed or the time limit passed. Always worth retrying. */
export class OcpiTransportError extends Error {
  constructor(
    readonly kind: 'timeout' | 'network',
    readonly url: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'OcpiTransportError';
  }
}

/** An answer that is not the success the caller needed (HTTP error, OCPI error code, malformed body). */
export class OcpiCallError extends Error {
  constructor(
    readonly what: string,
    readonly httpStatus: number | undefined,
    readonly statusCode: number | undefined,
    message: string,
  ) {
    super(`${what}: ${message}`);
    this.name = 'OcpiCallError';
  }
}

export const DEFAULT_TIMEOUT_MS = 15_000;

function isEnvelope(value: unknown): value is OcpiResponse {
  return (
    typeof value === 'object' && value !== null && typeof (value as OcpiResponse).status_code === 'number'
  );
}

export async function ocpiFetch<T = unknown>(request: OcpiRequest): Promise<OcpiAnswer<T>> {
  const requestId = randomUUID();
  const correlationId = request.correlationId ?? randomUUID();
  const headers: Record<string, string> = {
    Authorization: authorizationHeader(request.token),
    'X-Request-ID': requestId,
    'X-Correlation-ID': correlationId,
    Accept: 'application/json',
  };
  if (request.body !== undefined) headers['Content-Type'] = 'application/json';
  if (request.routing) {
    headers['OCPI-from-country-code'] = request.routing.from.countryCode;
    headers['OCPI-from-party-id'] = request.routing.from.partyId;
    headers['OCPI-to-country-code'] = request.routing.to.countryCode;
    headers['OCPI-to-party-id'] = request.routing.to.partyId;
  }
  const timeoutMs = request.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: request.method,
      headers,
      body: request.body === undefined ? undefined : JSON.stringify(request.body),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'error',
    });
    text = await response.text();
  } catch (err) {
    // Duck-typed: fetch's errors may come from another realm (e.g. under jest), where instanceof fails.
    const error = err as { name?: string; message?: string; cause?: { message?: string; code?: string } };
    const timedOut = error.name === 'TimeoutError' || error.name === 'AbortError';
    const cause = error.cause?.message ?? error.message ?? String(err);
    throw new OcpiTransportError(
      timedOut ? 'timeout' : 'network',
      request.url,
      timedOut
        ? `${request.method} ${request.url}: no answer within ${timeoutMs} ms`
        : `${request.method} ${request.url}: ${cause}`,
      { cause: err },
    );
  }
  let body: unknown;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  return {
    httpStatus: response.status,
    envelope: isEnvelope(body) ? (body as OcpiResponse<T>) : undefined,
    headers: response.headers,
    requestId,
    correlationId,
  };
}

/** The envelope's data when the answer is an OCPI success (HTTP 2xx, status 1xxx); else OcpiCallError. */
export function successData<T>(answer: OcpiAnswer<T>, what: string): T | undefined {
  const { httpStatus, envelope } = answer;
  if (httpStatus >= 200 && httpStatus < 300 && envelope && statusClass(envelope.status_code) === 'success') {
    return envelope.data;
  }
  const detail = envelope
    ? `OCPI status ${envelope.status_code}${envelope.status_message ? ` (${envelope.status_message})` : ''}`
    : 'no OCPI response envelope';
  throw new OcpiCallError(what, httpStatus, envelope?.status_code, `HTTP ${httpStatus}, ${detail}`);
}
