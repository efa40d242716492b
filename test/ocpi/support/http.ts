// Raw HTTP to an OCPI node, for asserting exactly what goes over the wire (status, headers, envelope).
import { authorizationHeader } from '../../../src/ocpi';

export interface RawAnswer {
  status: number;
  headers: Headers;
  body: { data?: unknown; status_code?: number; status_message?: string; timestamp?: string } | undefined;
}

export async function call(
  method: string,
  url: string,
  options: { token?: string; body?: unknown; rawBody?: string; headers?: Record<string, string> } = {},
): Promise<RawAnswer> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token !== undefined) headers.Authorization = authorizationHeader(options.token);
  let body: string | undefined;
  if (options.rawBody !== undefined) body = options.rawBody;
  else if (options.body !== undefined) body = JSON.stringify(options.body);
  if (body !== undefined && !Object.keys(headers).some((h) => h.toLowerCase() === 'content-type')) {
    headers['Content-Type'] = 'application/json';
  }
  const response = await fetch(url, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
}
