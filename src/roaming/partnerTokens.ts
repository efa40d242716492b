// CPO side of the OCPI tokens module: the tokens partner eMSPs push to us (the whitelist the session
// workflow authorizes their drivers against) live in the tokens table, marked as roaming tokens.
// A partner may only write tokens of its own eMSP parties, and never one that another party issued.
import type { Knex } from 'knex';
import { isSameParty, partnerHasRole, type PartnerRecord } from '../db/repos/partners';
import { findToken, upsertToken, type TokenRecord } from '../db/repos/tokens';
import type { Token } from '../ocpi/types';
import { parseInstant } from '../tariff/time/instant';

export type StoreTokenResult =
  { outcome: 'created' | 'updated'; record: TokenRecord } | { outcome: 'refused'; message: string };

export function isEmspPartyOf(partner: PartnerRecord, countryCode: string, partyId: string): boolean {
  return partnerHasRole(partner, 'EMSP', { countryCode, partyId });
}

/** The OCPI Token of a stored token (fields OCPI has and the table does not keep are left out). */
export function ocpiTokenOf(record: TokenRecord): Token {
  const token: Token = {
    country_code: record.countryCode,
    party_id: record.partyId,
    uid: record.uid,
    type: record.type,
    contract_id: record.contractId,
    issuer: record.issuer ?? record.partyId,
    valid: record.status === 'valid',
    whitelist: record.whitelist,
    last_updated: record.lastUpdated,
  };
  if (record.visualNumber) token.visual_number = record.visualNumber;
  if (record.groupId) token.group_id = record.groupId;
  if (record.language) token.language = record.language;
  return token;
}

/** Creates or replaces a partner's token (OCPI PUT). Idempotent. */
export async function storePartnerToken(
  db: Knex,
  partner: PartnerRecord,
  token: Token,
): Promise<StoreTokenResult> {
  if (!isEmspPartyOf(partner, token.country_code, token.party_id)) {
    return {
      outcome: 'refused',
      message: `token.party_id: ${token.country_code}-${token.party_id} is not an eMSP party of this connection`,
    };
  }
  const existing = await findToken(db, token.uid);
  const issuer = { countryCode: token.country_code, partyId: token.party_id };
  if (existing && (!existing.isRoaming || !isSameParty(existing, issuer))) {
    return { outcome: 'refused', message: `token.uid: ${token.uid} is a token of another party` };
  }
  const record = await upsertToken(db, {
    uid: token.uid,
    countryCode: token.country_code.toUpperCase(),
    partyId: token.party_id.toUpperCase(),
    type: token.type,
    contractId: token.contract_id,
    visualNumber: token.visual_number,
    issuer: token.issuer,
    groupId: token.group_id,
    language: token.language,
    status: token.valid ? 'valid' : 'blocked',
    whitelist: token.whitelist,
    isRoaming: true,
    // OCPI DateTime without a zone is UTC; the tokens table wants an explicit offset.
    lastUpdated: new Date(parseInstant(token.last_updated)!).toISOString(),
  });
  return { outcome: existing ? 'updated' : 'created', record };
}

/** A partner's token, or undefined when unknown or not theirs. */
export async function findPartnerToken(
  db: Knex,
  partner: PartnerRecord,
  countryCode: string,
  partyId: string,
  uid: string,
): Promise<TokenRecord | undefined> {
  const record = await findToken(db, uid);
  const theirs =
    record?.isRoaming &&
    isSameParty(record, { countryCode, partyId }) &&
    isEmspPartyOf(partner, countryCode, partyId);
  return theirs ? record : undefined;
}
