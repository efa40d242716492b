// How a simulated charger exchanges OCPP-J messages with the central system. The default link is
// ocpp-rpc's client (schema validation of the charger's own frames, the library the end-to-end tests
// trust); a load generator may bring a lighter one (bench/rawOcppLink.ts).
import { RPCClient } from 'ocpp-rpc';

export interface OcppLinkOptions {
  /** The gateway's base URL (`ws://host:port/ocpp`); the charge point id is appended. */
  url: string;
  chargePointId: string;
  /** HTTP Basic auth password (Security Profile 1); undefined: no credentials. */
  password?: string;
  /** WebSocket subprotocol: "ocpp1.6" or "ocpp2.0.1". */
  protocol: string;
  /** Validate own frames against the OCPP schemas before sending. */
  strictMode: boolean;
  /** Per-call timeout, 0 for none. */
  callTimeoutMs: number;
}

/** Calls from the central system (e.g. RemoteStopTransaction) are answered by the handler for their action. */
export type OcppCallHandler = (params: Record<string, unknown> | undefined) => Promise<object>;

export interface OcppLink {
  connect(): Promise<void>;
  /** Resolves with the CALLRESULT payload; rejects on a CALLERROR. */
  call(action: string, payload: object): Promise<Record<string, unknown>>;
  handle(action: string, handler: OcppCallHandler): void;
  close(): Promise<void>;
}

export type OcppLinkFactory = (options: OcppLinkOptions) => OcppLink;

export const rpcLink: OcppLinkFactory = (options) => {
  const rpc = new RPCClient({
    endpoint: options.url,
    identity: options.chargePointId,
    password: options.password ?? null,
    protocols: [options.protocol],
    strictMode: options.strictMode,
    reconnect: false,
    callTimeoutMs: options.callTimeoutMs,
  } as ConstructorParameters<typeof RPCClient>[0]);
  return {
    connect: async () => {
      await rpc.connect();
    },
    call: async (action, payload) => (await rpc.call(action, payload)) as Record<string, unknown>,
    handle: (action, handler) =>
      rpc.handle(action, ({ params }) => handler(params as Record<string, unknown>)),
    close: async () => {
      await rpc.close({ code: 1000 });
    },
  };
};
