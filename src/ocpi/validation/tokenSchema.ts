// OCPI 2.2.1 Token object (mod_tokens) and LocationReferences, checked strictly.
import { checkDateTime } from '../../tariff/parse/ocpiFormats';
import { anyObject, arrayOf, booleanValue, objectOf, oneOf, stringOf } from '../../tariff/parse/schema';
import type { LocationReferences, Token } from '../types';
import { COUNTRY_CODE, PARTY_ID, parseStrict } from './strictObject';

export const TOKEN_TYPES = ['AD_HOC_USER', 'APP_USER', 'OTHER', 'RFID'] as const;
export const WHITELIST_TYPES = ['ALWAYS', 'ALLOWED', 'ALLOWED_OFFLINE', 'NEVER'] as const;

const fields = {
  country_code: { check: stringOf({ validate: COUNTRY_CODE }), required: 'error' },
  party_id: { check: stringOf({ validate: PARTY_ID }), required: 'error' },
  uid: { check: stringOf({ maxLength: 36 }), required: 'error' },
  type: { check: oneOf(TOKEN_TYPES), required: 'error' },
  contract_id: { check: stringOf({ maxLength: 36 }), required: 'error' },
  visual_number: { check: stringOf({ maxLength: 64 }) },
  issuer: { check: stringOf({ maxLength: 64 }), required: 'error' },
  group_id: { check: stringOf({ maxLength: 36 }) },
  valid: { check: booleanValue, required: 'error' },
  whitelist: { check: oneOf(WHITELIST_TYPES), required: 'error' },
  language: { check: stringOf({ maxLength: 2 }) },
  default_profile_type: { check: oneOf(['CHEAP', 'FAST', 'GREEN', 'REGULAR']) },
  energy_contract: { check: anyObject },
  last_updated: { check: stringOf({ validate: checkDateTime }), required: 'error' },
} as const;

const token = objectOf('Token', fields);

/** PATCH: any subset of the fields, but last_updated is required (mod_tokens, PATCH Method). */
const tokenPatch = objectOf(
  'Token',
  Object.fromEntries(
    Object.entries(fields).map(([name, field]) => [
      name,
      name === 'last_updated' ? field : { check: field.check },
    ]),
  ),
);

const locationReferences = objectOf('LocationReferences', {
  location_id: { check: stringOf({ maxLength: 36 }), required: 'error' },
  evse_uids: { check: arrayOf(stringOf({ maxLength: 36 })) },
});

export function parseToken(value: unknown): Token {
  return parseStrict<Token>(token, value, 'token');
}

export function parseTokenPatch(value: unknown): Partial<Token> & { last_updated: string } {
  return parseStrict<Partial<Token> & { last_updated: string }>(tokenPatch, value, 'token');
}

export function parseLocationReferences(value: unknown): LocationReferences {
  return parseStrict<LocationReferences>(locationReferences, value, 'location_references');
}
