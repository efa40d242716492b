// OCPP 1.6 vocabulary ↔ chargeledger's protocol-neutral session types.
import type { AuthorizationResult, ConnectorState } from '../../session/types';
import type { ChargePointStatus16, IdTagInfo16 } from './messages';

const STATE_OF: Readonly<Record<ChargePointStatus16, ConnectorState>> = {
  Available: 'Available',
  Preparing: 'Preparing',
  Charging: 'Charging',
  SuspendedEVSE: 'SuspendedEVSE',
  SuspendedEV: 'SuspendedEV',
  Finishing: 'Finishing',
  // Held for one driver: closed to everyone else, and no session of its own to bill.
  Reserved: 'Unavailable',
  Unavailable: 'Unavailable',
  Faulted: 'Faulted',
};

export function connectorStateOf(status: ChargePointStatus16): ConnectorState {
  return STATE_OF[status];
}

const PARENT_ID_TAG_MAX = 20; // IdToken is CiString20Type

export function toIdTagInfo(result: AuthorizationResult): IdTagInfo16 {
  const info: IdTagInfo16 = { status: result.status === 'Unknown' ? 'Invalid' : result.status }; // 1.6 has no "Unknown"
  if (result.expiryDate) info.expiryDate = result.expiryDate;
  if (result.groupIdTag && result.groupIdTag.length <= PARENT_ID_TAG_MAX)
    info.parentIdTag = result.groupIdTag;
  return info;
}

const INT32_MAX = 2_147_483_647;

/** OCPP 1.6 transaction ids are 32-bit integers (xs:int); the backend hands them out as numeric strings. */
export function toTransactionId16(transactionId: string): number {
  if (!/^\d{1,10}$/.test(transactionId) || Number(transactionId) > INT32_MAX) {
    throw new Error(
      `transaction id "${transactionId}" cannot be sent over OCPP 1.6, which needs an integer 0..${INT32_MAX}`,
    );
  }
  return Number(transactionId);
}
