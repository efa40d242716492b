// OCPI 2.2.1 Tariff and CDR objects as they travel in JSON (mod_tariffs, mod_cdrs).
// Numbers are JSON numbers here; the rating engine converts them to exact decimals
// before any arithmetic (a JSON number's shortest decimal form is the value we honour).

export type DayOfWeek = 'MONDAY' | 'TUESDAY' | 'WEDNESDAY' | 'THURSDAY' | 'FRIDAY' | 'SATURDAY' | 'SUNDAY';

export type TariffDimensionType = 'ENERGY' | 'FLAT' | 'PARKING_TIME' | 'TIME';

export type CdrDimensionType =
  | 'CURRENT'
  | 'ENERGY'
  | 'ENERGY_EXPORT'
  | 'ENERGY_IMPORT'
  | 'MAX_CURRENT'
  | 'MIN_CURRENT'
  | 'MAX_POWER'
  | 'MIN_POWER'
  | 'PARKING_TIME'
  | 'POWER'
  | 'RESERVATION_TIME'
  | 'STATE_OF_CHARGE'
  | 'TIME';

export type ReservationRestrictionType = 'RESERVATION' | 'RESERVATION_EXPIRES';

export type TariffType = 'AD_HOC_PAYMENT' | 'PROFILE_CHEAP' | 'PROFILE_FAST' | 'PROFILE_GREEN' | 'REGULAR';

/** OCPI Price: an amount excluding and (optionally) including VAT. */
export interface Price {
  excl_vat: number;
  incl_vat?: number;
}

export interface DisplayText {
  language: string;
  text: string;
}

export interface EnergySource {
  source: string;
  percentage: number;
}

export interface EnvironmentalImpact {
  category: string;
  amount: number;
}

export interface EnergyMix {
  is_green_energy: boolean;
  energy_sources?: EnergySource[];
  environ_impact?: EnvironmentalImpact[];
  supplier_name?: string;
  energy_product_name?: string;
}

export interface PriceComponent {
  type: TariffDimensionType;
  /** Price per unit excl. VAT: per kWh (ENERGY), per hour (TIME, PARKING_TIME), per session (FLAT). */
  price: number;
  /** VAT percentage; absent means no VAT applies. */
  vat?: number;
  /** Minimum billable amount in the unit's base: Wh for ENERGY, seconds for TIME and PARKING_TIME, 1 for FLAT. */
  step_size: number;
}

export interface TariffRestrictions {
  /** Local time of day, "HH:MM", inclusive. */
  start_time?: string;
  /** Local time of day, "HH:MM", exclusive. May be earlier than start_time: the window wraps past midnight. */
  end_time?: string;
  /** Local date "YYYY-MM-DD", inclusive. */
  start_date?: string;
  /** Local date "YYYY-MM-DD", exclusive. */
  end_date?: string;
  min_kwh?: number;
  max_kwh?: number;
  min_current?: number;
  max_current?: number;
  min_power?: number;
  max_power?: number;
  /** Seconds since session start. */
  min_duration?: number;
  /** Seconds since session start. */
  max_duration?: number;
  day_of_week?: DayOfWeek[];
  reservation?: ReservationRestrictionType;
}

export interface TariffElement {
  price_components: PriceComponent[];
  restrictions?: TariffRestrictions;
}

export interface Tariff {
  country_code: string;
  party_id: string;
  id: string;
  currency: string;
  type?: TariffType;
  tariff_alt_text?: DisplayText[];
  tariff_alt_url?: string;
  min_price?: Price;
  max_price?: Price;
  elements: TariffElement[];
  energy_mix?: EnergyMix;
  start_date_time?: string;
  end_date_time?: string;
  last_updated: string;
}

export interface CdrDimension {
  type: CdrDimensionType;
  volume: number;
}

export interface ChargingPeriod {
  start_date_time: string;
  dimensions: CdrDimension[];
  tariff_id?: string;
}

export type AuthMethod = 'AUTH_REQUEST' | 'COMMAND' | 'WHITELIST';
export type TokenType = 'AD_HOC_USER' | 'APP_USER' | 'OTHER' | 'RFID';

export interface CdrToken {
  country_code: string;
  party_id: string;
  uid: string;
  type: TokenType;
  contract_id: string;
}

export interface GeoLocation {
  latitude: string;
  longitude: string;
}

export interface CdrLocation {
  id: string;
  name?: string;
  address: string;
  city: string;
  postal_code?: string;
  state?: string;
  country: string;
  coordinates: GeoLocation;
  evse_uid: string;
  evse_id: string;
  connector_id: string;
  connector_standard: string;
  connector_format: 'CABLE' | 'SOCKET';
  connector_power_type: 'AC_1_PHASE' | 'AC_2_PHASE' | 'AC_2_PHASE_SPLIT' | 'AC_3_PHASE' | 'DC';
}

export interface SignedValue {
  nature: string;
  plain_data: string;
  signed_data: string;
}

export interface SignedData {
  encoding_method: string;
  encoding_method_version?: number;
  public_key?: string;
  signed_values: SignedValue[];
  url?: string;
}

/** OCPI 2.2.1 CDR. Totals are required by OCPI; they are optional here so an unpriced CDR can be typed. */
export interface Cdr {
  country_code: string;
  party_id: string;
  id: string;
  start_date_time: string;
  end_date_time: string;
  session_id?: string;
  cdr_token: CdrToken;
  auth_method: AuthMethod;
  authorization_reference?: string;
  cdr_location: CdrLocation;
  meter_id?: string;
  currency: string;
  tariffs?: Tariff[];
  charging_periods: ChargingPeriod[];
  signed_data?: SignedData;
  total_cost?: Price;
  total_fixed_cost?: Price;
  total_energy?: number;
  total_energy_cost?: Price;
  total_time?: number;
  total_time_cost?: Price;
  total_parking_time?: number;
  total_parking_cost?: Price;
  total_reservation_cost?: Price;
  remark?: string;
  invoice_reference_id?: string;
  credit?: boolean;
  credit_reference_id?: string;
  home_charging_compensation?: boolean;
  last_updated: string;
}
