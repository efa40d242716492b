// The Credentials object in both directions: ours (token for the peer, our versions URL, our roles)
// and theirs, mapped onto the partner record.
import type { Knex } from 'knex';
import type { PartnerRole } from '../db/repos/partners';
import { ocpiUrls, ourCredentialsRoles, type OcpiIdentity } from './identity';
import type { Credentials, CredentialsRole } from './types';

/** What the OCPI routes and client calls need: the database and who we are. */
export interface OcpiContext {
  db: Knex;
  identity: OcpiIdentity;
  /** Time limit of each request to a partner; default 15 s. */
  timeoutMs?: number;
}

export function ourCredentials(identity: OcpiIdentity, token: string): Credentials {
  return { token, url: ocpiUrls(identity).versions, roles: ourCredentialsRoles(identity) };
}

export function partnerRolesOf(roles: readonly CredentialsRole[]): PartnerRole[] {
  return roles.map((role) => ({
    role: role.role,
    countryCode: role.country_code.toUpperCase(),
    partyId: role.party_id.toUpperCase(),
    businessName: role.business_details.name,
    businessDetails: { ...role.business_details },
  }));
}
