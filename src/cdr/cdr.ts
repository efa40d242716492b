// Assembles the unpriced OCPI 2.2.1 CDR of a finished session (pure). The rating engine fills in the
// cost totals afterwards; everything else OCPI requires is here.
import { isKnownCurrency } from '../money/currency';
import { floorToSecond, formatInstant, parseInstantField } from '../session/instant';
import type { AuthMethod, Cdr, CdrLocation, CdrToken, SignedData, Tariff } from '../tariff/types';
import type { ChargingPeriodsResult } from './chargingPeriods';
import { jsonNumber } from './volumes';
import { Dec } from '../session/decimal';

/** The CPO that owns the CDR (OCPI country_code + party_id). */
export interface CdrOwner {
  countryCode: string;
  partyId: string;
}

export interface BuildCdrInput {
  owner: CdrOwner;
  /** CDR id, unique within the CPO (≤ 36 characters; credit CDRs, ≤ 39, are not built here). */
  cdrId: string;
  /** OCPI Session id, when the Sessions module is implemented. */
  sessionId?: string;
  token: CdrToken;
  authMethod: AuthMethod;
  /** The eMSP's authorization_reference, when it gave one. */
  authorizationReference?: string;
  /** Location, EVSE and connector as they were at the session start. */
  location: CdrLocation;
  /** Meter identification, e.g. the OCMF meter serial (MS). */
  meterId?: string;
  /** ISO 4217 currency of the CDR. */
  currency: string;
  /** The tariff frozen at session start; absent when none applies. Its id becomes every period's tariff_id. */
  tariff?: Tariff;
  /** From buildChargingPeriods. */
  charging: ChargingPeriodsResult;
  /** Signed meter values (Eichrecht), e.g. from ocmfSignedData(). */
  signedData?: SignedData;
  remark?: string;
  /** The caller's "now" (pure code reads no clock). */
  lastUpdated: string;
}

export class CdrInputError extends Error {
  override name = 'CdrInputError';
}

function check(condition: boolean, path: string, problem: string, value: unknown): void {
  if (!condition) throw new CdrInputError(`buildCdr: ${path} ${problem}, got ${JSON.stringify(value)}`);
}

function validate(input: BuildCdrInput): void {
  check(
    /^[A-Za-z]{2}$/.test(input.owner.countryCode),
    'owner.countryCode',
    'must be 2 letters (ISO 3166-1 alpha-2)',
    input.owner.countryCode,
  );
  check(
    /^[A-Za-z0-9]{3}$/.test(input.owner.partyId),
    'owner.partyId',
    'must be 3 letters or digits',
    input.owner.partyId,
  );
  check(
    /^[\x21-\x7e]{1,36}$/.test(input.cdrId),
    'cdrId',
    'must be 1–36 printable ASCII characters',
    input.cdrId,
  );
  if (input.sessionId !== undefined) {
    check(
      /^[\x21-\x7e]{1,36}$/.test(input.sessionId),
      'sessionId',
      'must be 1–36 printable ASCII characters',
      input.sessionId,
    );
  }
  check(isKnownCurrency(input.currency), 'currency', 'must be an ISO 4217 currency code', input.currency);
  if (input.tariff) {
    check(
      input.tariff.currency === input.currency,
      'tariff.currency',
      `must be the CDR currency ${input.currency}`,
      input.tariff.currency,
    );
  }
  check(input.token.uid.length > 0, 'token.uid', 'must not be empty', input.token.uid);
  check(
    input.token.contract_id.length > 0,
    'token.contract_id',
    'must not be empty',
    input.token.contract_id,
  );
  check(
    input.charging.periods.length > 0,
    'charging.periods',
    'must hold at least one period',
    input.charging.periods.length,
  );
  if (input.signedData) {
    check(
      input.signedData.signed_values.length > 0,
      'signedData.signed_values',
      'must hold at least one value',
      0,
    );
  }
}

export function buildCdr(input: BuildCdrInput): Cdr {
  validate(input);
  const lastUpdated = floorToSecond(parseInstantField(input.lastUpdated, 'buildCdr: lastUpdated'));
  const { charging, tariff } = input;
  const periods = tariff
    ? charging.periods.map((period) => ({ ...period, tariff_id: period.tariff_id ?? tariff.id }))
    : charging.periods;
  return {
    country_code: input.owner.countryCode.toUpperCase(),
    party_id: input.owner.partyId.toUpperCase(),
    id: input.cdrId,
    start_date_time: charging.startDateTime,
    end_date_time: charging.endDateTime,
    ...(input.sessionId !== undefined && { session_id: input.sessionId }),
    cdr_token: input.token,
    auth_method: input.authMethod,
    ...(input.authorizationReference !== undefined && {
      authorization_reference: input.authorizationReference,
    }),
    cdr_location: input.location,
    ...(input.meterId !== undefined && { meter_id: input.meterId }),
    currency: input.currency,
    tariffs: tariff ? [tariff] : [],
    charging_periods: periods,
    ...(input.signedData && { signed_data: input.signedData }),
    total_energy: jsonNumber(new Dec(charging.totals.energyKwh)),
    total_time: jsonNumber(new Dec(charging.totals.timeHours)),
    total_parking_time: jsonNumber(new Dec(charging.totals.parkingTimeHours)),
    ...(input.remark !== undefined && { remark: input.remark }),
    last_updated: formatInstant(lastUpdated),
  };
}
