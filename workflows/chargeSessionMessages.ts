// The contract between the session workflow and whoever drives it (OCPP gateway backend, HTTP API):
// workflow id, input, updates, signals and queries. Imported by both sides, so it holds no logic.
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { AuthorizationResult, StopReason } from '../src/session/types';

export const SESSION_WORKFLOW_TYPE = 'chargeSession';

/** One workflow per charging transaction: a retried StartTransaction reaches the same workflow. */
export function sessionWorkflowId(chargePointId: string, transactionId: string): string {
  return `session-${chargePointId}-${transactionId}`;
}

export type SessionSource = 'ocpp1.6' | 'ocpp2.0.1' | 'api';

export interface SessionStartInput {
  sessionId: string;
  chargePointId: string;
  connectorId: number;
  transactionId: string;
  idTag: string;
  /** Meter register at start in Wh (decimal string). */
  meterStartWh: string;
  /** Start instant as the charger reported it. */
  startedAt: string;
  source: SessionSource;
  reservationId?: number;
  /** Close the session from its last sample when nothing arrives for this long (charger offline). */
  inactivityTimeoutSeconds: number;
  /**
   * How often the running workflow classifies what the edge stored (flags, running totals) and checks
   * for silence; default DEFAULT_INGEST_INTERVAL_SECONDS, never longer than the inactivity timeout.
   * Fractions of a second are allowed (tests).
   */
  ingestIntervalSeconds?: number;
  /** Continue-as-new once the history has this many events (Temporal's own suggestion also counts). */
  maxHistoryEvents?: number;
}

/**
 * A session's workflow costs a workflow task per ingest, not per MeterValues: samples are classified on
 * this schedule and at the stop. Live totals asked through the API are ingested on the spot instead
 * (SessionService.liveState), so they never wait for it.
 */
export const DEFAULT_INGEST_INTERVAL_SECONDS = 300;

export interface StopRequest {
  /** Stop instant as the charger reported it; absent for a remote stop without charger. */
  timestamp?: string;
  meterStopWh?: string;
  reason: StopReason;
  idTag?: string;
}

export interface StartResult {
  transactionId: string;
  authorization: AuthorizationResult;
}

/** "stopping": the stop arrived; the last samples are ingested and the CDR rated and stored. */
export type SessionStatus = 'starting' | 'rejected' | 'charging' | 'stopping' | 'completed' | 'failed';

/** Money as exact decimal strings. */
export interface MoneyAmount {
  excl_vat: string;
  incl_vat: string;
}

/** Running totals of the session, small enough for workflow state and queries. */
export interface LiveTotals {
  energyWh: string;
  chargingSeconds: number;
  parkingSeconds: number;
  samplesAccepted: number;
  samplesFlagged: number;
  lastSampleAt?: string;
  /** Where the ingest stands in what was stored (samples, status events): it moves when the charger reports. */
  ingestCursor?: string;
  /** Filled in by SessionService.liveState when asked (the workflow does not price on every ingest). */
  costSoFar?: MoneyAmount;
  flags: string[];
}

export interface CdrSummary {
  cdrId: string;
  currency: string;
  totalCost: MoneyAmount;
  totalEnergyKwh: string;
  totalTimeHours: string;
  totalParkingTimeHours: string;
}

export interface SessionLiveState {
  sessionId: string;
  status: SessionStatus;
  authorization?: AuthorizationResult;
  tariff?: { id: string; version: number; currency: string };
  totals: LiveTotals;
  stop?: StopRequest;
  cdr?: CdrSummary;
}

export const startSessionUpdate = defineUpdate<StartResult, []>('start');
export const stopSessionSignal = defineSignal<[StopRequest]>('stop');
export const liveStateQuery = defineQuery<SessionLiveState>('liveState');
/** A stop asked for by an operator or app (HTTP API). OCPP chargers are asked to stop and answer with
 *  StopTransaction; sessions driven over HTTP stop at once from their last sample. */
export const remoteStopSignal = defineSignal<[{ requestedBy: string }]>('remoteStop');
