// Token authorization against the tokens table: the same rules for OCPP Authorize, StartTransaction
// (through the session workflow's activity) and the HTTP API. A roaming partner's token (pushed by its
// eMSP over OCPI) is decided by src/roaming: from its whitelist, or by asking its eMSP in real time.
import type { Knex } from 'knex';
import { findToken, type TokenRecord } from '../db';
import { authorizeKnownToken, type PartnerTokenContext } from '../roaming/tokenAuthorization';
import type { AuthorizationResult } from '../session/types';

export interface TokenAuthorization {
  result: AuthorizationResult;
  /** The token row, when the idTag is known. */
  token?: TokenRecord;
  /** A partner token's eMSP answered in real time with this reference (OCPI authorization_reference). */
  authorizationReference?: string;
}

/** How long a charger may cache an Accepted answer when the token itself does not expire sooner. */
const CACHE_HOURS = 24;

/** Who to ask about partner tokens: our OCPI identity (omitted: partner tokens are decided offline). */
export type RoamingAuthorization = Omit<PartnerTokenContext, 'db'>;

/**
 * Decides whether `idTag` may charge at instant `at`. Unknown tokens are `Invalid` (OCPP 1.6 has no
 * "Unknown" in idTagInfo; 2.0.1 maps it to `Unknown` at the gateway).
 */
export async function authorizeToken(
  db: Knex,
  idTag: string,
  at: Date,
  roaming: RoamingAuthorization = {},
  /** The token row if the caller read it already (undefined: not on record); omitted: looked up here. */
  known?: { token: TokenRecord | undefined },
): Promise<TokenAuthorization> {
  const token = known ? known.token : await findToken(db, idTag);
  if (!token) return { result: { status: 'Invalid' } };
  const cacheUntil = at.getTime() + CACHE_HOURS * 3_600_000;
  if (token.isRoaming) {
    const decided = await authorizeKnownToken({ db, ...roaming }, token, { now: at });
    const { result } = decided;
    // Only a whitelist answer may be cached by the charger: real-time tokens are asked again.
    const cacheable = result.status === 'Accepted' && decided.source === 'whitelist';
    return {
      token,
      result: cacheable ? { ...result, expiryDate: new Date(cacheUntil).toISOString() } : result,
      ...(decided.authorizationReference && { authorizationReference: decided.authorizationReference }),
    };
  }
  const identity = {
    tokenUid: token.uid,
    contractId: token.contractId,
    countryCode: token.countryCode,
    partyId: token.partyId,
  };
  const expired =
    token.status === 'expired' || (token.expiresAt !== null && Date.parse(token.expiresAt) <= at.getTime());
  if (expired) return { token, result: { status: 'Expired', ...identity } };
  if (token.status === 'blocked' || token.whitelist === 'NEVER')
    return { token, result: { status: 'Blocked', ...identity } };
  const expiry = token.expiresAt ? Math.min(Date.parse(token.expiresAt), cacheUntil) : cacheUntil;
  return { token, result: { status: 'Accepted', expiryDate: new Date(expiry).toISOString(), ...identity } };
}
