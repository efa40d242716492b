// OCPP 2.0.1 vocabulary ↔ chargeledger's protocol-neutral session types.
import type { AuthorizationResult, ConnectorState, StopReason } from '../../session/types';
import type { ChargingState201, ConnectorStatus201, IdTokenInfo201, StoppedReason201 } from './messages';

const GROUP_ID_TOKEN_MAX = 36; // IdTokenType.idToken maxLength

export function toIdTokenInfo(result: AuthorizationResult): IdTokenInfo201 {
  const info: IdTokenInfo201 = { status: result.status };
  if (result.expiryDate) info.cacheExpiryDateTime = result.expiryDate;
  if (result.groupIdTag && result.groupIdTag.length <= GROUP_ID_TOKEN_MAX) {
    info.groupIdToken = { idToken: result.groupIdTag, type: 'Central' };
  }
  return info;
}

const STOP_REASON_OF: Readonly<Partial<Record<StoppedReason201, StopReason>>> = {
  DeAuthorized: 'DeAuthorized',
  EmergencyStop: 'EmergencyStop',
  EVDisconnected: 'EVDisconnected',
  ImmediateReset: 'HardReset',
  Local: 'Local',
  PowerLoss: 'PowerLoss',
  Reboot: 'Reboot',
  Remote: 'Remote',
  Timeout: 'Timeout',
};

/** 2.0.1 has more reasons than the session model; the rest are "Other". Absent means "Local" (spec). */
export function stopReasonOf(reason: StoppedReason201 | undefined): StopReason {
  return reason === undefined ? 'Local' : (STOP_REASON_OF[reason] ?? 'Other');
}

/**
 * 2.0.1 conveys charging versus idle through TransactionEvent chargingState. EVConnected and Idle
 * mean different things before the first energy flowed (waiting to start) and after (done, or gone).
 */
export function connectorStateOfCharging(state: ChargingState201, hasCharged: boolean): ConnectorState {
  switch (state) {
    case 'Charging':
    case 'SuspendedEV':
    case 'SuspendedEVSE':
      return state;
    case 'EVConnected':
      return hasCharged ? 'Finishing' : 'Preparing';
    case 'Idle':
      return hasCharged ? 'Available' : 'Preparing';
  }
}

/**
 * StatusNotification's connectorStatus. "Occupied" covers everything from plug-in to unplug, so it
 * takes the state the connector's transaction last reported, when the gateway knows it.
 */
export function connectorStateOfStatus(
  status: ConnectorStatus201,
  occupiedAs: ConnectorState | undefined,
): ConnectorState {
  switch (status) {
    case 'Occupied':
      return occupiedAs ?? 'Preparing';
    case 'Reserved': // held for one driver: closed to everyone else, no session of its own
      return 'Unavailable';
    default:
      return status;
  }
}
