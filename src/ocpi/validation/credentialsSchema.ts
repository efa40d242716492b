// OCPI 2.2.1 Credentials object (credentials.asciidoc) and the versions documents we read from peers.
import { anyObject, arrayOf, objectOf, oneOf, stringOf } from '../../tariff/parse/schema';
import type { Credentials, Version, VersionDetails } from '../types';
import { COUNTRY_CODE, HTTP_URL, PARTY_ID, PRINTABLE_ASCII, parseStrict } from './strictObject';

const ROLES = ['CPO', 'EMSP', 'HUB', 'NAP', 'NSP', 'OTHER', 'SCSP'] as const;

const businessDetails = objectOf('BusinessDetails', {
  name: { check: stringOf({ maxLength: 100 }), required: 'error' },
  website: { check: stringOf({ validate: HTTP_URL }) },
  logo: { check: anyObject },
});

const credentialsRole = objectOf('CredentialsRole', {
  role: { check: oneOf(ROLES), required: 'error' },
  business_details: { check: businessDetails, required: 'error' },
  party_id: { check: stringOf({ validate: PARTY_ID }), required: 'error' },
  country_code: { check: stringOf({ validate: COUNTRY_CODE }), required: 'error' },
});

const credentials = objectOf('Credentials', {
  token: { check: stringOf({ maxLength: 64, validate: PRINTABLE_ASCII }), required: 'error' },
  url: { check: stringOf({ validate: HTTP_URL }), required: 'error' },
  roles: { check: arrayOf(credentialsRole, { minItems: 1 }), required: 'error' },
});

const version = objectOf('Version', {
  version: { check: stringOf(), required: 'error' },
  url: { check: stringOf({ validate: HTTP_URL }), required: 'error' },
});

const endpoint = objectOf('Endpoint', {
  identifier: { check: stringOf(), required: 'error' },
  role: { check: oneOf(['SENDER', 'RECEIVER']), required: 'error' },
  url: { check: stringOf({ validate: HTTP_URL }), required: 'error' },
});

const versionDetails = objectOf('VersionDetails', {
  version: { check: stringOf(), required: 'error' },
  endpoints: { check: arrayOf(endpoint, { minItems: 1 }), required: 'error' },
});

export function parseCredentials(value: unknown): Credentials {
  return parseStrict<Credentials>(credentials, value, 'credentials');
}

export function parseVersions(value: unknown): Version[] {
  return parseStrict<Version[]>(arrayOf(version, { minItems: 1 }), value, 'versions');
}

export function parseVersionDetails(value: unknown): VersionDetails {
  return parseStrict<VersionDetails>(versionDetails, value, 'version details');
}
