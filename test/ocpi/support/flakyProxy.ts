// An HTTP proxy in front of a real OCPI endpoint that fails on command for the next N requests, then
// forwards again: `unavailable` answers 503, `hang` never answers, `lose-answer` forwards the request
// but answers 502 (the receiver has it, the sender does not know). It can also stop listening
// altogether (connections refused) and listen again on the same port. Stands in for a flaky eMSP.
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FailureMode = 'unavailable' | 'hang' | 'lose-answer';

export interface FlakyProxy {
  url: string;
  /** The next `count` requests get `mode` instead of being forwarded. */
  fail(count: number, mode: FailureMode): void;
  /** Requests that reached the proxy. */
  requests: number;
  /** Stops listening: connections are refused until `listen()`. */
  refuse(): Promise<void>;
  /** Listens again, on the same port. */
  listen(): Promise<void>;
  close(): Promise<void>;
}

export async function startFlakyProxy(target: string, options: { port?: number } = {}): Promise<FlakyProxy> {
  let failures = 0;
  let mode: FailureMode = 'unavailable';
  const hanging = new Set<http.ServerResponse>();
  const state = { requests: 0 };
  const server = http.createServer(async (req, res) => {
    state.requests++;
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const failure = failures > 0 ? mode : undefined;
    if (failures > 0) failures--;
    if (failure === 'hang') {
      hanging.add(res);
      return;
    }
    if (failure === 'unavailable') {
      res.writeHead(503, { 'Content-Type': 'text/plain' }).end('maintenance');
      return;
    }
    const headers = Object.fromEntries(
      Object.entries(req.headers).filter(
        ([name]) => !['host', 'content-length', 'connection'].includes(name),
      ),
    ) as Record<string, string>;
    const answer = await fetch(new URL(req.url ?? '/', target), {
      method: req.method,
      headers,
      body: chunks.length ? Buffer.concat(chunks) : undefined,
    });
    if (failure === 'lose-answer') {
      res.writeHead(502, { 'Content-Type': 'text/plain' }).end('bad gateway');
      return;
    }
    const out: Record<string, string> = {};
    answer.headers.forEach((value, name) => {
      if (!['content-length', 'connection', 'transfer-encoding', 'keep-alive'].includes(name))
        out[name] = value;
    });
    res.writeHead(answer.status, out).end(Buffer.from(await answer.arrayBuffer()));
  });
  const listen = (on: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(on, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
  const stopListening = async () => {
    for (const res of hanging) res.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  await listen(options.port ?? 0);
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    fail(count, how) {
      failures = count;
      mode = how;
    },
    get requests() {
      return state.requests;
    },
    refuse: stopListening,
    listen: () => listen(port),
    async close() {
      if (server.listening) await stopListening();
    },
  };
}
