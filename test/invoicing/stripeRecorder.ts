// A tap between the worker's Stripe client and the run's stripe-mock (STRIPE_API_BASE): every request is
// forwarded unchanged and its form body, path and the Idempotency-Key stripe-mock echoes back are
// recorded, so a test sees what reached Stripe's API — amounts included, which stripe-mock's fixture
// answers do not always reflect (a capture answers with the fixture amount, not amount_to_capture).
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StripeRequest {
  method: string;
  path: string;
  /** The form-encoded body as key → value (nested keys as Stripe writes them, e.g. metadata[session_id]). */
  form: Record<string, string>;
  status: number;
  /** Echoed by stripe-mock in the response headers. */
  idempotencyKey: string | undefined;
}

export interface StripeRecorder {
  /** Use as STRIPE_API_BASE. */
  url: string;
  requests: StripeRequest[];
  /** Requests whose path starts with `prefix`. */
  to(prefix: string): StripeRequest[];
  stop(): Promise<void>;
}

export async function startStripeRecorder(target: string): Promise<StripeRecorder> {
  const upstream = new URL(target);
  const requests: StripeRequest[] = [];
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      const forwarded = http.request(
        {
          host: upstream.hostname,
          port: upstream.port,
          method: request.method,
          path: request.url,
          headers: { ...request.headers, host: upstream.host },
        },
        (answer) => {
          requests.push({
            method: request.method ?? '',
            path: (request.url ?? '').split('?')[0],
            form: Object.fromEntries(new URLSearchParams(body.toString('utf8'))),
            status: answer.statusCode ?? 0,
            idempotencyKey: answer.headers['idempotency-key'] as string | undefined,
          });
          response.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(response);
        },
      );
      forwarded.on('error', (err) => {
        response.writeHead(502);
        response.end(String(err));
      });
      forwarded.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    to: (prefix) => requests.filter((r) => r.path.startsWith(prefix)),
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
