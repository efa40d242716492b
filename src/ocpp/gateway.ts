// The OCPP-J edge: chargers connect over WebSocket (1.6J or 2.0.1), every frame is validated
// against the official schemas (ocpp-rpc strict mode), each action is mapped onto the
// protocol-neutral ChargingBackend, and anything wrong is answered with the CALLERROR the
// spec names while the connection stays up.
import type { AddressInfo } from 'node:net';
import pino, { type Logger } from 'pino';
import { RPCServer } from 'ocpp-rpc';
import type RPCServerClient from 'ocpp-rpc/lib/server-client';
import type { ChargerIdentity, ChargingBackend } from './backend';
import { restoreMessageId } from './badFrames';
import { callError, isCallError } from './callErrors';
import { speakErrorDialect } from './errorDialect';
import type { ActionHandlers, HandlerContext } from './handlerContext';
import { decideUpgrade, OCPP_PATH, type ChargerAuthenticator } from './handshake';
import { ocpp16Handlers } from './ocpp16/handlers';
import { ocpp201Handlers } from './ocpp201/handlers';
import { TransactionTracker } from './ocpp201/transactions';
import { SUBPROTOCOLS, subprotocolOf, versionOf } from './protocols';
import { requestStop } from './remoteStop';
import { actionsOf } from './schemas';
import { specValidators } from './validation';

export interface OcppGatewayOptions {
  backend: ChargingBackend;
  authenticate: ChargerAuthenticator;
  /** Interface to listen on; default loopback. */
  host?: string;
  /** Default 0: any free port (see OcppGateway.port). */
  port?: number;
  /** Default: silent. */
  logger?: Logger;
  /** WebSocket keep-alive: a charger that misses a pong for this long is dropped. Default 30 s. */
  pingIntervalMs?: number;
  /** Clock for currentTime in responses; default the system clock. */
  now?: () => string;
}

export interface OcppGateway {
  /** Chargers connect to `${url}/<chargePointId>`. */
  readonly url: string;
  readonly port: number;
  /** Charge point ids with an open connection. */
  connectedChargers(): string[];
  /**
   * Asks the charger to stop a transaction (RemoteStopTransaction / RequestStopTransaction).
   * False when the charger is not connected or refuses; throws when it does not answer in time.
   */
  requestChargerStop(chargePointId: string, transactionId: string): Promise<boolean>;
  /** Stops accepting chargers, lets in-flight calls finish, closes every connection. */
  close(): Promise<void>;
}

interface Connection {
  client: RPCServerClient;
  charger: ChargerIdentity;
}

function answerCallErrors(action: string, log: Logger, err: unknown): Error {
  if (isCallError(err)) {
    log.warn({ action, code: err.rpcErrorCode, reason: err.message }, 'call refused');
    return err;
  }
  log.error({ action, err }, 'backend failed; answered InternalError');
  return callError('InternalError', `${action} could not be processed, please retry`);
}

function register(client: RPCServerClient, handlers: ActionHandlers, log: Logger): void {
  for (const [action, handler] of Object.entries(handlers)) {
    client.handle(action, async ({ params, messageId }) => {
      log.debug({ action, messageId }, 'call');
      try {
        return await handler(params as never);
      } catch (err) {
        throw answerCallErrors(action, log.child({ messageId }), err);
      }
    });
  }
}

/** Actions the protocol defines but chargeledger does not handle; unknown names get NotImplemented. */
function refuseUnsupported(
  client: RPCServerClient,
  version: ChargerIdentity['ocppVersion'],
  handled: ActionHandlers,
): void {
  for (const action of actionsOf(subprotocolOf(version)).filter((a) => !(a in handled))) {
    client.handle(action, async () => {
      throw callError('NotSupported', `${action} is not supported by this central system`);
    });
  }
}

function observe(client: RPCServerClient, log: Logger): void {
  client.on('strictValidationFailure', ({ method, messageId, outbound, error }) =>
    log.warn(
      { action: method, messageId, outbound, reason: error?.message },
      'frame failed schema validation',
    ),
  );
  client.on('badMessage', ({ buffer, error, response }) => {
    restoreMessageId(buffer, response);
    log.warn({ reason: error?.message, answeredWith: response?.[2] }, 'malformed OCPP-J frame');
  });
  client.on('close', ({ code, reason }) => log.info({ code, reason }, 'charger disconnected'));
}

function hostForUrl(host: string): string {
  return host.includes(':') ? `[${host}]` : host;
}

export async function createOcppGateway(options: OcppGatewayOptions): Promise<OcppGateway> {
  const { backend, authenticate, host = '127.0.0.1', port = 0 } = options;
  const log = options.logger ?? pino({ level: 'silent' });
  const now = options.now ?? (() => new Date().toISOString());
  const connections = new Map<string, Connection>();
  const transactions = new TransactionTracker();

  const server = new RPCServer({
    protocols: [...SUBPROTOCOLS],
    strictMode: true,
    strictModeValidators: specValidators(),
    pingIntervalMs: options.pingIntervalMs ?? 30_000,
  });

  server.auth(async (accept, reject, handshake) => {
    try {
      const decision = await decideUpgrade(handshake, authenticate);
      if (decision.accept) accept({ chargePointId: decision.chargePointId });
      else reject(decision.status, decision.reason);
    } catch (err) {
      log.error({ chargePointId: handshake.identity, err }, 'charger authentication failed');
      reject(500, 'authentication unavailable');
    }
  });
  server.on('upgradeAborted', ({ identity, error }) =>
    log.info({ chargePointId: identity, reason: error?.message }, 'connection refused at upgrade'),
  );
  server.on('error', (err) => log.error({ err }, 'WebSocket server error'));

  server.on('client', (client: RPCServerClient) => {
    const chargePointId = client.identity as string;
    const ocppVersion = versionOf(client.protocol);
    if (!ocppVersion) {
      // OCPP-J: no agreeable subprotocol → finish the handshake without one, then close at once.
      log.warn(
        { chargePointId, offered: [...client.handshake.protocols] },
        'no supported OCPP subprotocol offered',
      );
      void client.close({ code: 1002, reason: `supported subprotocols: ${SUBPROTOCOLS.join(', ')}` });
      return;
    }
    const charger: ChargerIdentity = { chargePointId, ocppVersion };
    const clog = log.child({ chargePointId, ocppVersion });
    speakErrorDialect(client, ocppVersion);
    observe(client, clog);

    const context: HandlerContext = { backend, charger, now, log: clog };
    const handlers = ocppVersion === '1.6' ? ocpp16Handlers(context) : ocpp201Handlers(context, transactions);
    register(client, handlers, clog);
    refuseUnsupported(client, ocppVersion, handlers);

    const previous = connections.get(chargePointId);
    if (previous) void previous.client.close({ code: 1000, reason: 'replaced by a newer connection' });
    connections.set(chargePointId, { client, charger });
    client.once('close', () => {
      if (connections.get(chargePointId)?.client === client) connections.delete(chargePointId);
    });
    clog.info({ remoteAddress: client.handshake.remoteAddress }, 'charger connected');
  });

  const httpServer = await server.listen(port, host);
  const boundPort = (httpServer.address() as AddressInfo).port;

  return {
    url: `ws://${hostForUrl(host)}:${boundPort}${OCPP_PATH}`,
    port: boundPort,
    connectedChargers: () => [...connections.keys()],
    async requestChargerStop(chargePointId, transactionId) {
      const connection = connections.get(chargePointId);
      if (!connection) return false;
      return requestStop(connection.client, connection.charger.ocppVersion, transactionId);
    },
    async close() {
      await server.close({ code: 1001, reason: 'central system shutting down', awaitPending: true });
      await new Promise<void>((resolve) =>
        httpServer.listening ? httpServer.close(() => resolve()) : resolve(),
      );
    },
  };
}
