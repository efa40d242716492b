// OCPI 2.2.1 objects of the configuration modules (versions, credentials) and the tokens module, as
// they travel in JSON. CDR and Tariff objects are in src/tariff/types.ts.
import type { DisplayText, TokenType } from '../tariff/types';

export const OCPI_VERSION = '2.2.1';

/** Every response body: OCPI transport_and_format, Response format. */
export interface OcpiResponse<T = unknown> {
  data?: T;
  status_code: number;
  status_message?: string;
  timestamp: string;
}

export interface Version {
  version: string;
  url: string;
}

export type ModuleId =
  | 'cdrs'
  | 'chargingprofiles'
  | 'commands'
  | 'credentials'
  | 'hubclientinfo'
  | 'locations'
  | 'sessions'
  | 'tariffs'
  | 'tokens';

export type InterfaceRole = 'SENDER' | 'RECEIVER';

export interface Endpoint {
  identifier: ModuleId | string;
  role: InterfaceRole;
  url: string;
}

export interface VersionDetails {
  version: string;
  endpoints: Endpoint[];
}

export type Role = 'CPO' | 'EMSP' | 'HUB' | 'NAP' | 'NSP' | 'OTHER' | 'SCSP';

export interface BusinessDetails {
  name: string;
  website?: string;
  logo?: Record<string, unknown>;
}

export interface CredentialsRole {
  role: Role;
  business_details: BusinessDetails;
  party_id: string;
  country_code: string;
}

export interface Credentials {
  token: string;
  url: string;
  roles: CredentialsRole[];
}

export type WhitelistType = 'ALWAYS' | 'ALLOWED' | 'ALLOWED_OFFLINE' | 'NEVER';

/** OCPI Token (mod_tokens), pushed by an eMSP to a CPO. */
export interface Token {
  country_code: string;
  party_id: string;
  uid: string;
  type: TokenType;
  contract_id: string;
  visual_number?: string;
  issuer: string;
  group_id?: string;
  valid: boolean;
  whitelist: WhitelistType;
  language?: string;
  default_profile_type?: string;
  energy_contract?: { supplier_name: string; contract_id?: string };
  last_updated: string;
}

export type AllowedType = 'ALLOWED' | 'BLOCKED' | 'EXPIRED' | 'NO_CREDIT' | 'NOT_ALLOWED';

export interface LocationReferences {
  location_id: string;
  evse_uids?: string[];
}

export interface AuthorizationInfo {
  allowed: AllowedType;
  token: Token;
  location?: LocationReferences;
  authorization_reference?: string;
  info?: DisplayText;
}
