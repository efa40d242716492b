// OCPI 2.2.1 status codes (status_codes.asciidoc). The HTTP status says whether the request reached
// the OCPI layer; this code says what the OCPI layer made of it.
export const OcpiStatus = {
  SUCCESS: 1000,
  CLIENT_ERROR: 2000,
  INVALID_PARAMETERS: 2001,
  NOT_ENOUGH_INFORMATION: 2002,
  UNKNOWN_LOCATION: 2003,
  UNKNOWN_TOKEN: 2004,
  SERVER_ERROR: 3000,
  UNABLE_TO_USE_CLIENT_API: 3001,
  UNSUPPORTED_VERSION: 3002,
  NO_MATCHING_ENDPOINTS: 3003,
  HUB_UNKNOWN_RECEIVER: 4001,
  HUB_TIMEOUT: 4002,
  HUB_CONNECTION_PROBLEM: 4003,
} as const;

export type OcpiStatusClass = 'success' | 'client_error' | 'server_error' | 'hub_error' | 'unknown';

export function statusClass(code: number): OcpiStatusClass {
  if (code >= 1000 && code < 2000) return 'success';
  if (code >= 2000 && code < 3000) return 'client_error';
  if (code >= 3000 && code < 4000) return 'server_error';
  if (code >= 4000 && code < 5000) return 'hub_error';
  return 'unknown';
}
