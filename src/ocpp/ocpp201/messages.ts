// The OCPP 2.0.1 messages the gateway handles, as their JSON schemas define them
// (validated by ocpp-rpc before a handler sees them).

export interface UnitOfMeasure201 {
  unit?: string;
  multiplier?: number;
}

export interface SignedMeterValue201 {
  signedMeterData: string;
  signingMethod: string;
  encodingMethod: string;
  publicKey: string;
}

export interface SampledValue201 {
  value: number;
  context?: string;
  measurand?: string;
  phase?: string;
  location?: string;
  signedMeterValue?: SignedMeterValue201;
  unitOfMeasure?: UnitOfMeasure201;
}

export interface MeterValue201 {
  timestamp: string;
  sampledValue: SampledValue201[];
}

export interface IdToken201 {
  idToken: string;
  type: string;
}

export type AuthorizationStatus201 =
  | 'Accepted'
  | 'Blocked'
  | 'ConcurrentTx'
  | 'Expired'
  | 'Invalid'
  | 'NoCredit'
  | 'NotAllowedTypeEVSE'
  | 'NotAtThisLocation'
  | 'NotAtThisTime'
  | 'Unknown';

export interface IdTokenInfo201 {
  status: AuthorizationStatus201;
  cacheExpiryDateTime?: string;
  groupIdToken?: IdToken201;
}

export type ConnectorStatus201 = 'Available' | 'Occupied' | 'Reserved' | 'Unavailable' | 'Faulted';
export type ChargingState201 = 'Charging' | 'EVConnected' | 'SuspendedEV' | 'SuspendedEVSE' | 'Idle';
export type StoppedReason201 =
  | 'DeAuthorized'
  | 'EmergencyStop'
  | 'EnergyLimitReached'
  | 'EVDisconnected'
  | 'GroundFault'
  | 'ImmediateReset'
  | 'Local'
  | 'LocalOutOfCredit'
  | 'MasterPass'
  | 'Other'
  | 'OvercurrentFault'
  | 'PowerLoss'
  | 'PowerQuality'
  | 'Reboot'
  | 'Remote'
  | 'SOCLimitReached'
  | 'StoppedByEV'
  | 'TimeLimitReached'
  | 'Timeout';

export interface BootNotificationReq201 {
  chargingStation: { model: string; vendorName: string; serialNumber?: string; firmwareVersion?: string };
  reason: string;
}

export interface StatusNotificationReq201 {
  timestamp: string;
  connectorStatus: ConnectorStatus201;
  evseId: number;
  connectorId: number;
}

export interface AuthorizeReq201 {
  idToken: IdToken201;
}

export interface MeterValuesReq201 {
  evseId: number;
  meterValue: MeterValue201[];
}

export interface TransactionEventReq201 {
  eventType: 'Started' | 'Updated' | 'Ended';
  timestamp: string;
  triggerReason: string;
  seqNo: number;
  offline?: boolean;
  reservationId?: number;
  transactionInfo: {
    transactionId: string;
    chargingState?: ChargingState201;
    stoppedReason?: StoppedReason201;
  };
  idToken?: IdToken201;
  evse?: { id: number; connectorId?: number };
  meterValue?: MeterValue201[];
}
