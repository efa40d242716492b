// A small JSON client over real HTTP (fetch) for the listening API, and a bounded poll for state that
// settles asynchronously (workflow ingest, rating).
//
// Why not fastify.inject: light-my-request needs `cookie`, which is ES-module-only, and jest on Node 20
// cannot require ES modules (the same reason Swagger UI is left out under jest, see src/api/docsRoutes).

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- response bodies are asserted field by field
export type Json = any;

export interface ApiRequest {
  method?: string;
  url: string;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as it is (set content-type yourself). */
  payload?: unknown;
}

export interface ApiResponse {
  statusCode: number;
  /** Lower-case names. */
  headers: Record<string, string>;
  /** The parsed body when it is JSON, else its text; undefined when empty. */
  body: Json;
}

/** One HTTP request to `baseUrl`, shaped like fastify.inject's options. */
export async function send(baseUrl: string, request: ApiRequest): Promise<ApiResponse> {
  const json = request.payload !== undefined && typeof request.payload !== 'string';
  const response = await fetch(`${baseUrl}${request.url}`, {
    method: request.method ?? 'GET',
    headers: { ...(json && { 'content-type': 'application/json' }), ...request.headers },
    body: json ? JSON.stringify(request.payload) : (request.payload as string | undefined),
  });
  const text = await response.text();
  return {
    statusCode: response.status,
    headers: Object.fromEntries(response.headers.entries()),
    body:
      text && response.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text || undefined,
  };
}

/** `call(method, path, body?)` with a fixed base URL and Authorization header. */
export function httpClient(baseUrl: string, authorization: string) {
  return (method: string, url: string, payload?: unknown) =>
    send(baseUrl, { method, url, payload, headers: { authorization } });
}

/** Calls `probe` until `accept` holds (every 100 ms, at most `timeoutMs`); fails naming `what` and the last value. */
export async function eventually<T>(
  what: string,
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (accept(value)) return value;
    if (Date.now() > deadline) {
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last: ${JSON.stringify(value)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
