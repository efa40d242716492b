// Tokens (RFID cards, app users) that may start a session: who issued them, whether they are valid,
// which contract and tariff they bill to.
import type { Knex } from 'knex';
import type { TokenType } from '../../tariff/types';
import { TOKEN_STATUSES, TOKEN_TYPES, WHITELIST_TYPES } from '../migrations/001_core';
import { instant, iso, isoOrNull, oneOf, optionalInstant, requiredText } from '../values';

export type TokenStatus = (typeof TOKEN_STATUSES)[number];
export type WhitelistType = (typeof WHITELIST_TYPES)[number];

export interface TokenInput {
  uid: string;
  /** Issuing party (eMSP). */
  countryCode: string;
  partyId: string;
  type: TokenType;
  contractId: string;
  visualNumber?: string;
  issuer?: string;
  groupId?: string;
  language?: string;
  status?: TokenStatus;
  whitelist?: WhitelistType;
  expiresAt?: string | null;
  /** Contract tariff; absent means the charger's tariff applies. */
  tariffId?: string | null;
  customerId?: string | null;
  isRoaming?: boolean;
  /** OCPI last_updated; default now. */
  lastUpdated?: string;
}

export interface TokenRecord extends Required<
  Omit<TokenInput, 'visualNumber' | 'issuer' | 'groupId' | 'language'>
> {
  visualNumber: string | null;
  issuer: string | null;
  groupId: string | null;
  language: string | null;
  expiresAt: string | null;
  tariffId: string | null;
  customerId: string | null;
  createdAt: string;
}

type Row = Record<string, unknown>;

function toRecord(row: Row): TokenRecord {
  return {
    uid: row.uid as string,
    countryCode: row.country_code as string,
    partyId: row.party_id as string,
    type: row.type as TokenType,
    contractId: row.contract_id as string,
    visualNumber: row.visual_number as string | null,
    issuer: row.issuer as string | null,
    groupId: row.group_id as string | null,
    language: row.language as string | null,
    status: row.status as TokenStatus,
    whitelist: row.whitelist as WhitelistType,
    expiresAt: isoOrNull(row.expires_at as Date | null),
    tariffId: row.tariff_id as string | null,
    customerId: row.customer_id as string | null,
    isRoaming: row.is_roaming as boolean,
    lastUpdated: iso(row.last_updated as Date),
    createdAt: iso(row.created_at as Date),
  };
}

/** Creates or replaces a token (OCPI PUT semantics). Idempotent. */
export async function upsertToken(db: Knex, token: TokenInput): Promise<TokenRecord> {
  const columns = {
    uid: requiredText('token.uid', token.uid),
    country_code: requiredText('token.countryCode', token.countryCode),
    party_id: requiredText('token.partyId', token.partyId),
    type: oneOf('token.type', token.type, TOKEN_TYPES),
    contract_id: requiredText('token.contractId', token.contractId),
    visual_number: token.visualNumber ?? null,
    issuer: token.issuer ?? null,
    group_id: token.groupId ?? null,
    language: token.language ?? null,
    status: oneOf('token.status', token.status ?? 'valid', TOKEN_STATUSES),
    whitelist: oneOf('token.whitelist', token.whitelist ?? 'ALLOWED', WHITELIST_TYPES),
    expires_at: optionalInstant('token.expiresAt', token.expiresAt),
    tariff_id: token.tariffId ?? null,
    customer_id: token.customerId ?? null,
    is_roaming: token.isRoaming ?? false,
    last_updated: token.lastUpdated ? instant('token.lastUpdated', token.lastUpdated) : new Date(),
  };
  const [row] = await db('tokens').insert(columns).onConflict('uid').merge().returning('*');
  return toRecord(row);
}

export async function findToken(db: Knex, uid: string): Promise<TokenRecord | undefined> {
  const row = await db('tokens').where({ uid }).first();
  return row ? toRecord(row) : undefined;
}

/** Blocks or re-validates a token without touching anything else. */
export async function setTokenStatus(
  db: Knex,
  uid: string,
  status: TokenStatus,
): Promise<TokenRecord | undefined> {
  const [row] = await db('tokens')
    .where({ uid })
    .update({ status: oneOf('status', status, TOKEN_STATUSES), last_updated: new Date() })
    .returning('*');
  return row ? toRecord(row) : undefined;
}
