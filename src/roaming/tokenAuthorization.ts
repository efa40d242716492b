// Authorizing a driver's token, both sides of the OCPI tokens module.
//
// CPO side (authorizeToken): a partner's token is decided from the whitelist it pushed (ALWAYS,
// ALLOWED) or by a real-time request to its eMSP (NEVER, ALLOWED_OFFLINE). When the eMSP cannot be
// reached, ALLOWED_OFFLINE tokens are let through and NEVER tokens are not (mod_tokens, WhitelistType).
// eMSP side (authorizeOwnToken): the AuthorizationInfo we answer for a token we issued.
import { randomUUID } from 'node:crypto';
import type { Knex } from 'knex';
import { findPartnerByParty } from '../db/repos/partners';
import { findToken, type TokenRecord } from '../db/repos/tokens';
import { endpointUrl } from '../ocpi/client/discoverEndpoints';
import { OcpiTransportError, ocpiFetch } from '../ocpi/client/ocpiFetch';
import type { OcpiContext } from '../ocpi/credentials';
import { partiesWithRole } from '../ocpi/identity';
import { OcpiStatus, statusClass } from '../ocpi/statusCodes';
import type { AllowedType, AuthorizationInfo, LocationReferences } from '../ocpi/types';
import type { AuthorizationResult, AuthorizationStatus } from '../session/types';
import { ocpiTokenOf } from './partnerTokens';

export interface TokenAuthorization {
  result: AuthorizationResult;
  /** The eMSP's reference for this authorization: the Session and CDR must carry it. */
  authorizationReference?: string;
  /** How it was decided. */
  source: 'unknown_token' | 'whitelist' | 'realtime' | 'offline_fallback' | 'unreachable';
}

const STATUS_OF_ALLOWED: Record<AllowedType, AuthorizationStatus> = {
  ALLOWED: 'Accepted',
  BLOCKED: 'Blocked',
  EXPIRED: 'Expired',
  NO_CREDIT: 'Invalid',
  NOT_ALLOWED: 'Invalid',
};

function allowedOf(token: TokenRecord, now: Date): AllowedType {
  if (token.status === 'blocked') return 'BLOCKED';
  if (
    token.status === 'expired' ||
    (token.expiresAt !== null && Date.parse(token.expiresAt) <= now.getTime())
  ) {
    return 'EXPIRED';
  }
  return 'ALLOWED';
}

function resultFor(token: TokenRecord, status: AuthorizationStatus): AuthorizationResult {
  const result: AuthorizationResult = {
    status,
    tokenUid: token.uid,
    contractId: token.contractId,
    countryCode: token.countryCode,
    partyId: token.partyId,
  };
  if (token.groupId) result.groupIdTag = token.groupId;
  return result;
}

type RealtimeAnswer = { allowed: AllowedType; reference?: string } | 'unknown' | 'unreachable';

/** Who asks: without an identity (a process that does not roam) no eMSP can be asked. */
export type PartnerTokenContext = Pick<OcpiContext, 'db' | 'timeoutMs'> & {
  identity?: OcpiContext['identity'];
};

async function askEmsp(
  ctx: PartnerTokenContext,
  token: TokenRecord,
  location: LocationReferences | undefined,
): Promise<RealtimeAnswer> {
  if (!ctx.identity) return 'unreachable';
  const partner = await findPartnerByParty(ctx.db, token.countryCode, token.partyId, 'EMSP');
  const base = partner && endpointUrl(partner.endpoints, 'tokens', 'SENDER');
  const us = partiesWithRole(ctx.identity, 'CPO')[0];
  if (!partner || partner.status !== 'registered' || !partner.outgoingToken || !base || !us)
    return 'unreachable';
  const url = `${base.replace(/\/+$/, '')}/${encodeURIComponent(token.uid)}/authorize?type=${token.type}`;
  try {
    const answer = await ocpiFetch<AuthorizationInfo>({
      method: 'POST',
      url,
      token: partner.outgoingToken,
      body: location,
      routing: { from: us, to: { countryCode: token.countryCode, partyId: token.partyId } },
      timeoutMs: ctx.timeoutMs,
    });
    const code = answer.envelope?.status_code;
    const data = answer.envelope?.data;
    if (answer.httpStatus === 404 || code === OcpiStatus.UNKNOWN_TOKEN) return 'unknown';
    if (answer.httpStatus < 300 && code !== undefined && statusClass(code) === 'success' && data?.allowed) {
      if (!Object.hasOwn(STATUS_OF_ALLOWED, data.allowed)) return 'unknown';
      return { allowed: data.allowed, reference: data.authorization_reference };
    }
    // A client error is final (the eMSP will not say yes to this request); anything else is an outage.
    return code !== undefined && statusClass(code) === 'client_error' ? 'unknown' : 'unreachable';
  } catch (err) {
    if (err instanceof OcpiTransportError) return 'unreachable';
    throw err;
  }
}

/**
 * CPO side: may this token charge? Tokens we do not know are Invalid (an unknown uid names no eMSP to
 * ask). Our own tokens and whitelisted partner tokens are decided locally.
 */
export async function authorizeToken(
  ctx: OcpiContext,
  uid: string,
  options: { location?: LocationReferences; now?: Date } = {},
): Promise<TokenAuthorization> {
  const token = await findToken(ctx.db, uid);
  if (!token) return { result: { status: 'Invalid' }, source: 'unknown_token' };
  return authorizeKnownToken(ctx, token, options);
}

/**
 * CPO side, for a token already read: the whitelist decides (ALWAYS, ALLOWED, and our own tokens),
 * otherwise its eMSP is asked in real time (NEVER, ALLOWED_OFFLINE); see authorizeToken.
 */
export async function authorizeKnownToken(
  ctx: PartnerTokenContext,
  token: TokenRecord,
  options: { location?: LocationReferences; now?: Date } = {},
): Promise<TokenAuthorization> {
  const local = STATUS_OF_ALLOWED[allowedOf(token, options.now ?? new Date())];
  if (!token.isRoaming || token.whitelist === 'ALWAYS' || token.whitelist === 'ALLOWED') {
    return { result: resultFor(token, local), source: 'whitelist' };
  }
  const answer = await askEmsp(ctx, token, options.location);
  if (answer === 'unknown') return { result: resultFor(token, 'Invalid'), source: 'realtime' };
  if (answer === 'unreachable') {
    return token.whitelist === 'ALLOWED_OFFLINE'
      ? { result: resultFor(token, 'Accepted'), source: 'offline_fallback' }
      : { result: resultFor(token, 'Invalid'), source: 'unreachable' };
  }
  return {
    result: resultFor(token, STATUS_OF_ALLOWED[answer.allowed]),
    authorizationReference: answer.reference,
    source: 'realtime',
  };
}

/**
 * eMSP side: the AuthorizationInfo for a token we issued, or undefined when we did not issue it
 * (OCPI: answer 404 / 2004). `type` defaults to RFID as in mod_tokens.
 */
export async function authorizeOwnToken(
  db: Knex,
  uid: string,
  options: { type?: string; location?: LocationReferences; now?: Date } = {},
): Promise<AuthorizationInfo | undefined> {
  const token = await findToken(db, uid);
  if (!token || token.isRoaming || token.type !== (options.type ?? 'RFID')) return undefined;
  const allowed = allowedOf(token, options.now ?? new Date());
  const info: AuthorizationInfo = {
    allowed,
    token: ocpiTokenOf(token),
    authorization_reference: randomUUID(),
  };
  if (options.location && allowed === 'ALLOWED') info.location = options.location;
  return info;
}
