// The charging session as the rest of chargeledger sees it, whatever protocol the charger spoke.
// Decimal quantities travel as strings so no layer rounds them by accident.

/** One metering instant from a charger (OCPP MeterValue) or an HTTP integrator. */
export interface MeterSample {
  /** ISO 8601 instant, as the charger reported it. */
  timestamp: string;
  /** Energy.Active.Import.Register in Wh, as a decimal string. */
  energyWh?: string;
  /** Power.Active.Import in W. */
  powerW?: string;
  /** Current.Import in A (the highest phase when several are given). */
  currentA?: string;
  /** State of charge in percent. */
  socPercent?: string;
  /** OCPP ReadingContext, e.g. Transaction.Begin, Sample.Periodic, Transaction.End. */
  context?: string;
  /** Signed meter data (e.g. OCMF) exactly as the charger sent it. */
  signedData?: string;
  signedFormat?: string;
}

/** Charger-side state that decides between charging TIME and idle PARKING_TIME. */
export type ConnectorState =
  | 'Charging'
  | 'SuspendedEV'
  | 'SuspendedEVSE'
  | 'Finishing'
  | 'Available'
  | 'Preparing'
  | 'Faulted'
  | 'Unavailable';

export interface StatusChange {
  timestamp: string;
  state: ConnectorState;
}

export type AuthorizationStatus = 'Accepted' | 'Blocked' | 'Expired' | 'Invalid' | 'ConcurrentTx' | 'Unknown';

export interface AuthorizationResult {
  status: AuthorizationStatus;
  /** Token uid as known in the tokens table, when known. */
  tokenUid?: string;
  /** eMSP contract id, when the token belongs to a contract customer. */
  contractId?: string;
  /** ISO instant until which the authorization may be cached by the charger. */
  expiryDate?: string;
  /** Group the token belongs to (OCPP 1.6 parentIdTag, 2.0.1 groupIdToken): any token of the group may stop the session. */
  groupIdTag?: string;
  /** Roaming party (country_code + party_id) owning the token, when it is a partner's. */
  partyId?: string;
  countryCode?: string;
}

export type StopReason =
  | 'Local'
  | 'Remote'
  | 'EVDisconnected'
  | 'PowerLoss'
  | 'Reboot'
  | 'DeAuthorized'
  | 'EmergencyStop'
  | 'HardReset'
  | 'SoftReset'
  | 'UnlockCommand'
  | 'Timeout'
  | 'Other';
