// A ChargingBackend that records every call and answers with fixed values: enough to test the
// protocol layer. Starts are idempotent as the contract demands: the same (charger, connector,
// idTag, timestamp) — or the same 2.0.1 transaction id — gets the same transaction id.
import type {
  ChargerIdentity,
  ChargingBackend,
  ConnectorStatusReport,
  TransactionStart,
  TransactionStop,
} from '../../../src/ocpp/backend';
import type { AuthorizationResult, MeterSample } from '../../../src/session/types';

export type BackendMethod = keyof ChargingBackend;

export interface RecordedCall {
  method: BackendMethod;
  charger: ChargerIdentity;
  args: unknown;
}

export const ACCEPTED: AuthorizationResult = {
  status: 'Accepted',
  expiryDate: '2030-01-01T00:00:00.000Z',
  groupIdTag: 'FLEET-7',
};

export class RecordingBackend implements ChargingBackend {
  readonly calls: RecordedCall[] = [];
  /** Answer to authorize, startTransaction and stopTransaction. */
  authorization: AuthorizationResult = ACCEPTED;
  /** Methods that throw, to exercise the gateway's InternalError path. */
  readonly failing = new Set<BackendMethod>();
  private readonly transactionIds = new Map<string, string>();
  private nextTransactionId = 1001;

  of<T = unknown>(method: BackendMethod): T[] {
    return this.calls.filter((c) => c.method === method).map((c) => c.args as T);
  }

  private record(method: BackendMethod, charger: ChargerIdentity, args: unknown): void {
    this.calls.push({ method, charger, args });
    if (this.failing.has(method)) throw new Error(`backend ${method} is down (test)`);
  }

  async boot(charger: ChargerIdentity, info: unknown) {
    this.record('boot', charger, info);
    return { accepted: true, heartbeatIntervalSeconds: 300 };
  }

  async heartbeat(charger: ChargerIdentity) {
    this.record('heartbeat', charger, undefined);
  }

  async authorize(charger: ChargerIdentity, idTag: string) {
    this.record('authorize', charger, idTag);
    return this.authorization;
  }

  async startTransaction(charger: ChargerIdentity, start: TransactionStart) {
    this.record('startTransaction', charger, start);
    const key = JSON.stringify([charger.chargePointId, start.connectorId, start.idTag, start.timestamp]);
    const transactionId =
      start.transactionId ?? this.transactionIds.get(key) ?? String(this.nextTransactionId++);
    this.transactionIds.set(key, transactionId);
    return { transactionId, authorization: this.authorization };
  }

  async meterValues(
    charger: ChargerIdentity,
    msg: { connectorId: number; transactionId?: string; samples: MeterSample[] },
  ) {
    this.record('meterValues', charger, msg);
  }

  async statusNotification(charger: ChargerIdentity, msg: ConnectorStatusReport) {
    this.record('statusNotification', charger, msg);
  }

  async stopTransaction(charger: ChargerIdentity, stop: TransactionStop) {
    this.record('stopTransaction', charger, stop);
    return this.authorization;
  }
}
