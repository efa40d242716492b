// A real gateway on a loopback port with a recording backend and a fixed set of chargers.
import { RPCClient } from 'ocpp-rpc';
import type { Logger } from 'pino';
import { createOcppGateway, type OcppGateway } from '../../../src/ocpp';
import { SimulatedCharger, type SimOcppVersion } from '../../../src/sim';
import { RecordingBackend } from './recordingBackend';

export const PASSWORDS: Record<string, string> = {
  'CP-16': 'secret-16',
  'CP-201': 'secret-201',
  'CP-RAW': 'secret-raw',
};

export interface Harness {
  gateway: OcppGateway;
  backend: RecordingBackend;
  /** Authenticated, booted simulated charger (closed by stop()). */
  charger(
    chargePointId: string,
    version: SimOcppVersion,
    options?: { energyUnit?: 'Wh' | 'kWh' },
  ): Promise<SimulatedCharger>;
  stop(): Promise<void>;
}

export async function startHarness(logger?: Logger): Promise<Harness> {
  const backend = new RecordingBackend();
  const gateway = await createOcppGateway({
    backend,
    logger,
    authenticate: async (id, password) => PASSWORDS[id] !== undefined && PASSWORDS[id] === password,
  });
  const chargers: SimulatedCharger[] = [];
  return {
    gateway,
    backend,
    async charger(chargePointId, ocppVersion, options = {}) {
      const charger = new SimulatedCharger({
        url: gateway.url,
        chargePointId,
        password: PASSWORDS[chargePointId],
        ocppVersion,
        ...options,
      });
      chargers.push(charger);
      await charger.connect();
      await charger.boot();
      return charger;
    },
    async stop() {
      await Promise.all(chargers.map((c) => c.close()));
      await gateway.close();
    },
  };
}

/** An OCPP-J frame as it came off the wire. */
export type Frame = unknown[];

/**
 * A plain client without strict validation, to put any frame on the wire and read the reply.
 * Replies are matched by message id ("-1" for a frame whose id could not be read).
 */
export class RawOcppClient {
  private readonly inbound: Frame[] = [];
  private readonly waiting: { messageId: string; resolve: (frame: Frame) => void }[] = [];
  readonly rpc: RPCClient;

  constructor(url: string, chargePointId: string, password: string, subprotocol: 'ocpp1.6' | 'ocpp2.0.1') {
    this.rpc = new RPCClient({
      endpoint: url,
      identity: chargePointId,
      password,
      protocols: [subprotocol],
      reconnect: false,
    } as ConstructorParameters<typeof RPCClient>[0]);
    this.rpc.on('message', ({ message, outbound }: { message: string; outbound: boolean }) => {
      if (outbound) return;
      const frame = JSON.parse(String(message)) as Frame;
      const i = this.waiting.findIndex((w) => w.messageId === frame[1]);
      if (i >= 0) this.waiting.splice(i, 1)[0].resolve(frame);
      else this.inbound.push(frame);
    });
  }

  async connect(): Promise<this> {
    await this.rpc.connect();
    return this;
  }

  /** Sends `text` as is and resolves with the reply to `messageId`. */
  send(text: string, messageId: string): Promise<Frame> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no reply to ${messageId} within 5 s: ${text}`)), 5000);
      this.waiting.push({
        messageId,
        resolve: (frame) => {
          clearTimeout(timer);
          resolve(frame);
        },
      });
      this.rpc.sendRaw(text);
    });
  }

  /** Sends a CALL frame built from its parts. */
  call(messageId: string, action: string, payload: unknown): Promise<Frame> {
    return this.send(JSON.stringify([2, messageId, action, payload]), messageId);
  }

  get open(): boolean {
    return this.rpc.state === RPCClient.OPEN;
  }

  async close(): Promise<void> {
    await this.rpc.close({ code: 1000 });
  }
}
