// The HTTP API: build it with `buildApiServer`, run it as a process with src/server.ts.
export { buildApiServer, type ApiServerOptions } from './buildApiServer';
export type { ApiApp } from './apiContext';
export { ApiError, type ApiErrorCode, type ErrorBody } from './apiError';
export { SCOPES, grants, type Scope } from './auth';
export { BOOTSTRAP_KEY_ENV, ensureBootstrapApiClient } from './bootstrap';
export { loadApiConfig, type ApiConfig } from './apiConfig';
