// Settings of the API process, from the environment: CHARGELEDGER_API_HOST (default 127.0.0.1),
// CHARGELEDGER_API_PORT (default 8080) and CHARGELEDGER_BOOTSTRAP_API_KEY (see bootstrap.ts).
import { BOOTSTRAP_KEY_ENV } from './bootstrap';

export interface ApiConfig {
  host: string;
  port: number;
  bootstrapApiKey: string | undefined;
}

type Env = Record<string, string | undefined>;

export function loadApiConfig(env: Env = process.env): ApiConfig {
  const portText = env.CHARGELEDGER_API_PORT?.trim() || '8080';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) {
    throw new Error(`CHARGELEDGER_API_PORT must be a port number (0–65535), got "${portText}"`);
  }
  const bootstrapApiKey = env[BOOTSTRAP_KEY_ENV]?.trim() || undefined;
  if (bootstrapApiKey !== undefined && bootstrapApiKey.length < 16) {
    throw new Error(`${BOOTSTRAP_KEY_ENV} must have at least 16 characters`);
  }
  return { host: env.CHARGELEDGER_API_HOST?.trim() || '127.0.0.1', port, bootstrapApiKey };
}
