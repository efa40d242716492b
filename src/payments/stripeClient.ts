// The one place a Stripe client is built. STRIPE_API_BASE points it at another endpoint (stripe-mock in
// dev and tests); without it the client talks to Stripe itself.
import Stripe from 'stripe';

export interface StripeSettings {
  /** STRIPE_SECRET_KEY. Optional only with an apiBase (stripe-mock accepts any sk_test_ key). */
  secretKey: string | undefined;
  /** STRIPE_API_BASE, e.g. http://127.0.0.1:12111 */
  apiBase: string | undefined;
}

/** Key used against a local endpoint when none is configured; stripe-mock accepts any test key. */
const LOCAL_TEST_KEY = 'sk_test_123';

export function createStripeClient(settings: StripeSettings): Stripe {
  const secretKey = settings.secretKey ?? (settings.apiBase ? LOCAL_TEST_KEY : undefined);
  if (!secretKey) {
    throw new Error('STRIPE_SECRET_KEY is not set (set it, or STRIPE_API_BASE to use stripe-mock)');
  }
  return new Stripe(secretKey, {
    ...endpointOf(settings.apiBase),
    // The library retries connection errors, 409s and 5xx with the same idempotency key; Temporal
    // retries the activity after that, again with the same key.
    maxNetworkRetries: 2,
    timeout: 30_000,
    appInfo: { name: 'chargeledger' },
  });
}

function endpointOf(apiBase: string | undefined): {
  host?: string;
  port?: number;
  protocol?: 'http' | 'https';
} {
  if (!apiBase) return {};
  let url: URL;
  try {
    url = new URL(apiBase);
  } catch {
    throw new Error(`STRIPE_API_BASE "${apiBase}" is not a URL (expected e.g. http://127.0.0.1:12111)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new Error(`STRIPE_API_BASE "${apiBase}" must be an http:// or https:// URL`);
  }
  if (url.pathname !== '/' || url.search) {
    throw new Error(`STRIPE_API_BASE "${apiBase}" must not have a path or query (the client adds /v1/...)`);
  }
  const protocol = url.protocol === 'http:' ? 'http' : 'https';
  return {
    host: url.hostname,
    port: url.port ? Number(url.port) : protocol === 'http' ? 80 : 443,
    protocol,
  };
}
