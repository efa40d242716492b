// What the OCPP gateway needs from the rest of chargeledger. The gateway speaks OCPP 1.6J and 2.0.1;
// this interface is protocol-neutral so the same session workflow serves both (and the HTTP API).
import type { AuthorizationResult, ConnectorState, MeterSample, StopReason } from '../session/types';

export interface ChargerIdentity {
  chargePointId: string;
  ocppVersion: '1.6' | '2.0.1';
}

export interface BootInfo {
  vendor: string;
  model: string;
  serialNumber?: string;
  firmwareVersion?: string;
}

export interface TransactionStart {
  connectorId: number;
  idTag: string;
  /** Meter register at start, Wh as a decimal string. */
  meterStartWh: string;
  timestamp: string;
  reservationId?: number;
  /** OCPP 2.0.1: the charger chose the transaction id. OCPP 1.6: absent, the backend assigns one. */
  transactionId?: string;
}

export interface TransactionStarted {
  /** The id the charger must use from now on (OCPP 1.6 wants an integer; it is sent as such). */
  transactionId: string;
  authorization: AuthorizationResult;
}

export interface TransactionStop {
  transactionId: string;
  idTag?: string;
  meterStopWh?: string;
  timestamp: string;
  reason?: StopReason;
  /** Samples the charger attached to the stop (OCPP 1.6 transactionData / 2.0.1 meterValue). */
  samples?: MeterSample[];
}

/** A connector's status as a charger reports it (StatusNotification; 2.0.1 TransactionEvent too). */
export interface ConnectorStatusReport {
  connectorId: number;
  state: ConnectorState;
  timestamp: string;
  errorCode?: string;
  transactionId?: string;
}

export interface ChargingBackend {
  boot(
    charger: ChargerIdentity,
    info: BootInfo,
  ): Promise<{ accepted: boolean; heartbeatIntervalSeconds: number }>;
  heartbeat(charger: ChargerIdentity): Promise<void>;
  authorize(charger: ChargerIdentity, idTag: string): Promise<AuthorizationResult>;
  /**
   * Idempotent: the same start (charger, connector, idTag, timestamp) delivered twice
   * returns the same transaction id and starts one session.
   */
  startTransaction(charger: ChargerIdentity, start: TransactionStart): Promise<TransactionStarted>;
  /** Idempotent per sample (charger, transaction, timestamp, values). */
  meterValues(
    charger: ChargerIdentity,
    msg: { connectorId: number; transactionId?: string; samples: MeterSample[] },
  ): Promise<void>;
  statusNotification(charger: ChargerIdentity, msg: ConnectorStatusReport): Promise<void>;
  stopTransaction(charger: ChargerIdentity, stop: TransactionStop): Promise<AuthorizationResult | undefined>;
}
