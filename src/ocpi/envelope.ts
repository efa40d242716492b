// The OCPI response envelope and the error a route throws to answer with one.
import { OcpiStatus } from './statusCodes';
import type { OcpiResponse } from './types';

export function ocpiResponse<T>(
  data: T | undefined,
  statusCode: number = OcpiStatus.SUCCESS,
  statusMessage?: string,
  now: Date = new Date(),
): OcpiResponse<T> {
  const body: OcpiResponse<T> = { status_code: statusCode, timestamp: now.toISOString() };
  if (data !== undefined) body.data = data;
  if (statusMessage !== undefined) body.status_message = statusMessage;
  return body;
}

/**
 * A request the OCPI layer refuses: answered with `httpStatus` and an envelope carrying `statusCode`
 * and the message (which names the field or header at fault).
 */
export class OcpiError extends Error {
  constructor(
    readonly httpStatus: number,
    readonly statusCode: number,
    message: string,
  ) {
    super(message);
    this.name = 'OcpiError';
  }
}

/** 2001 on HTTP 200: valid JSON that reached the OCPI layer but is not acceptable (status_codes: no HTTP error). */
export function invalidParameters(message: string): OcpiError {
  return new OcpiError(200, OcpiStatus.INVALID_PARAMETERS, message);
}

export function unauthorized(message: string): OcpiError {
  return new OcpiError(401, OcpiStatus.CLIENT_ERROR, message);
}

export function notFound(message: string, statusCode: number = OcpiStatus.CLIENT_ERROR): OcpiError {
  return new OcpiError(404, statusCode, message);
}

export function methodNotAllowed(message: string): OcpiError {
  return new OcpiError(405, OcpiStatus.CLIENT_ERROR, message);
}
