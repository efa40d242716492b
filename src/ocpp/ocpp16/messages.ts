// The OCPP 1.6J messages the gateway handles, as their JSON schemas define them
// (validated by ocpp-rpc before a handler sees them).
import type { StopReason } from '../../session/types';

export interface SampledValue16 {
  value: string;
  context?: string;
  format?: 'Raw' | 'SignedData';
  measurand?: string;
  phase?: string;
  location?: string;
  unit?: string;
}

export interface MeterValue16 {
  timestamp: string;
  sampledValue: SampledValue16[];
}

export type ChargePointStatus16 =
  | 'Available'
  | 'Preparing'
  | 'Charging'
  | 'SuspendedEVSE'
  | 'SuspendedEV'
  | 'Finishing'
  | 'Reserved'
  | 'Unavailable'
  | 'Faulted';

export type AuthorizationStatus16 = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx';

export interface IdTagInfo16 {
  status: AuthorizationStatus16;
  expiryDate?: string;
  parentIdTag?: string;
}

export interface BootNotificationReq16 {
  chargePointVendor: string;
  chargePointModel: string;
  chargePointSerialNumber?: string;
  chargeBoxSerialNumber?: string;
  firmwareVersion?: string;
}

export interface StatusNotificationReq16 {
  connectorId: number;
  errorCode: string;
  status: ChargePointStatus16;
  timestamp?: string;
  info?: string;
  vendorId?: string;
  vendorErrorCode?: string;
}

export interface AuthorizeReq16 {
  idTag: string;
}

export interface StartTransactionReq16 {
  connectorId: number;
  idTag: string;
  meterStart: number;
  timestamp: string;
  reservationId?: number;
}

export interface MeterValuesReq16 {
  connectorId: number;
  transactionId?: number;
  meterValue: MeterValue16[];
}

export interface StopTransactionReq16 {
  transactionId: number;
  idTag?: string;
  meterStop: number;
  timestamp: string;
  reason?: StopReason;
  transactionData?: MeterValue16[];
}
