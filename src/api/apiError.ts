// The one error shape of the API: { "error": { "code", "message", "details"? } } for every 4xx and 5xx.
// `code` is stable and machine-readable; `message` names the field or JSON path that is wrong.

export const ERROR_STATUS = {
  malformed_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  method_not_allowed: 405,
  conflict: 409,
  payload_too_large: 413,
  unsupported_media_type: 415,
  validation_failed: 422,
  internal_error: 500,
  unavailable: 503,
} as const;

export type ApiErrorCode = keyof typeof ERROR_STATUS;

export interface ApiErrorDetail {
  /** Where the problem sits: body, query, path or header (absent when it is not in the request). */
  in?: string;
  /** JSON path inside that part, e.g. `samples[2].energyWh`, or a field name. */
  path?: string;
  message: string;
  /** Machine-readable code of this detail (e.g. the tariff parser's `required_field`). */
  code?: string;
  severity?: 'error' | 'warning';
}

export interface ErrorBody {
  error: { code: ApiErrorCode; message: string; details?: ApiErrorDetail[] };
}

export class ApiError extends Error {
  readonly statusCode: number;

  constructor(
    readonly code: ApiErrorCode,
    message: string,
    readonly details?: ApiErrorDetail[],
  ) {
    super(message);
    this.name = 'ApiError';
    this.statusCode = ERROR_STATUS[code];
  }

  get body(): ErrorBody {
    return {
      error: { code: this.code, message: this.message, ...(this.details && { details: this.details }) },
    };
  }
}

/** 422 for one field of the request body. */
export function invalidField(path: string, message: string): ApiError {
  return new ApiError('validation_failed', `body ${path}: ${message}`, [{ in: 'body', path, message }]);
}

export function notFound(message: string): ApiError {
  return new ApiError('not_found', message);
}
