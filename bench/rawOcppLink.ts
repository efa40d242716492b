// The session benchmark's charger link: OCPP-J frames straight over a `ws` WebSocket, without ocpp-rpc's
// per-call machinery (message queue, schema validation of the charger's own frames, events). The load
// generator shares the machine with what it measures, so its frames should cost as little as a real
// charger's (which runs elsewhere). The gateway still validates every frame it receives.
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';
import type { OcppCallHandler, OcppLink, OcppLinkFactory } from '../src/sim';

const CALL = 2;
const CALLRESULT = 3;
const CALLERROR = 4;

interface Pending {
  resolve: (payload: Record<string, unknown>) => void;
  reject: (err: Error) => void;
}

export const rawOcppLink: OcppLinkFactory = (options): OcppLink => {
  const handlers = new Map<string, OcppCallHandler>();
  const pending = new Map<string, Pending>();
  let socket: WebSocket | undefined;
  let nextId = 0;
  const idPrefix = randomUUID().slice(0, 8);

  const onMessage = (data: WebSocket.RawData) => {
    const [type, id, ...rest] = JSON.parse(data.toString()) as [number, string, ...unknown[]];
    if (type === CALL) {
      const [action, params] = rest as [string, Record<string, unknown> | undefined];
      const handler = handlers.get(action);
      const reply = handler
        ? handler(params).then((result) => [CALLRESULT, id, result])
        : Promise.resolve([CALLERROR, id, 'NotImplemented', `${action} is not handled`, {}]);
      void reply.then((frame) => socket?.send(JSON.stringify(frame)));
      return;
    }
    const waiting = pending.get(id);
    if (!waiting) return;
    pending.delete(id);
    if (type === CALLRESULT) waiting.resolve(rest[0] as Record<string, unknown>);
    else waiting.reject(new Error(`CALLERROR ${String(rest[0])}: ${String(rest[1])}`));
  };

  return {
    connect: () =>
      new Promise<void>((resolve, reject) => {
        const credentials =
          options.password === undefined
            ? undefined
            : Buffer.from(`${options.chargePointId}:${options.password}`).toString('base64');
        const ws = new WebSocket(
          `${options.url}/${encodeURIComponent(options.chargePointId)}`,
          options.protocol,
          {
            ...(credentials && { headers: { authorization: `Basic ${credentials}` } }),
            perMessageDeflate: false,
          },
        );
        ws.once('open', () => {
          socket = ws;
          resolve();
        });
        ws.once('error', reject);
        ws.on('message', onMessage);
        ws.on('close', () => {
          for (const waiting of pending.values()) waiting.reject(new Error('connection closed'));
          pending.clear();
        });
      }),
    call: (action, payload) =>
      new Promise((resolve, reject) => {
        if (!socket) return reject(new Error('not connected'));
        const id = `${idPrefix}-${nextId++}`;
        pending.set(id, { resolve, reject });
        socket.send(JSON.stringify([CALL, id, action, payload]));
      }),
    handle: (action, handler) => {
      handlers.set(action, handler);
    },
    close: () =>
      new Promise<void>((resolve) => {
        if (!socket || socket.readyState === WebSocket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close(1000);
      }),
  };
};
