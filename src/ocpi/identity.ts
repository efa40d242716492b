// Who we are on OCPI: the parties (role, country_code, party_id) this installation speaks for and the
// public base URL of its OCPI routes. From these follow our versions/endpoints documents and the
// roles we present in the credentials handshake.
import { OCPI_VERSION, type CredentialsRole, type Endpoint } from './types';

export interface OurParty {
  role: 'CPO' | 'EMSP';
  countryCode: string;
  partyId: string;
  /** Business name shown to partners (CredentialsRole.business_details.name). */
  name: string;
  website?: string;
}

export interface OcpiIdentity {
  /** Public base URL of the OCPI routes, e.g. "https://billing.example.com/ocpi" (no trailing slash). */
  baseUrl: string;
  parties: OurParty[];
}

/** Absolute URLs of everything we serve. */
export function ocpiUrls(identity: OcpiIdentity) {
  const base = identity.baseUrl.replace(/\/+$/, '');
  const version = `${base}/${OCPI_VERSION}`;
  return {
    versions: `${base}/versions`,
    details: version,
    credentials: `${version}/credentials`,
    cpoCdrs: `${version}/cpo/cdrs`,
    cpoTariffs: `${version}/cpo/tariffs`,
    cpoTokens: `${version}/cpo/tokens`,
    emspCdrs: `${version}/emsp/cdrs`,
    emspTokens: `${version}/emsp/tokens`,
  };
}

export type OcpiUrls = ReturnType<typeof ocpiUrls>;

/** The path part of each URL, for route registration. */
export function ocpiPaths(identity: OcpiIdentity): OcpiUrls {
  const urls = ocpiUrls(identity);
  return Object.fromEntries(
    Object.entries(urls).map(([name, url]) => [name, new URL(url).pathname]),
  ) as OcpiUrls;
}

export function hasRole(identity: OcpiIdentity, role: OurParty['role']): boolean {
  return identity.parties.some((party) => party.role === role);
}

export function partiesWithRole(identity: OcpiIdentity, role: OurParty['role']): OurParty[] {
  return identity.parties.filter((party) => party.role === role);
}

/** Our version details: credentials always; the CPO and eMSP interfaces of the roles we hold. */
export function ourEndpoints(identity: OcpiIdentity): Endpoint[] {
  const urls = ocpiUrls(identity);
  const endpoints: Endpoint[] = [{ identifier: 'credentials', role: 'SENDER', url: urls.credentials }];
  if (hasRole(identity, 'CPO')) {
    endpoints.push(
      { identifier: 'cdrs', role: 'SENDER', url: urls.cpoCdrs },
      { identifier: 'tariffs', role: 'SENDER', url: urls.cpoTariffs },
      { identifier: 'tokens', role: 'RECEIVER', url: urls.cpoTokens },
    );
  }
  if (hasRole(identity, 'EMSP')) {
    endpoints.push(
      { identifier: 'cdrs', role: 'RECEIVER', url: urls.emspCdrs },
      { identifier: 'tokens', role: 'SENDER', url: urls.emspTokens },
    );
  }
  return endpoints;
}

export function ourCredentialsRoles(identity: OcpiIdentity): CredentialsRole[] {
  return identity.parties.map((party) => ({
    role: party.role,
    country_code: party.countryCode,
    party_id: party.partyId,
    business_details: { name: party.name, ...(party.website ? { website: party.website } : {}) },
  }));
}

function checkedParty(text: string, index: number): OurParty {
  // The name may itself contain colons: only the first three separate fields.
  const fields = /^([^:]*):([^:]*):([^:]*):?(.*)$/.exec(text)?.slice(1) ?? ['', '', '', ''];
  const [role, countryCode, partyId, name] = fields.map((field) => field.trim());
  const problem =
    role !== 'CPO' && role !== 'EMSP'
      ? `role must be CPO or EMSP, got ${JSON.stringify(role)}`
      : !/^[A-Za-z]{2}$/.test(countryCode)
        ? `country code must be 2 letters, got ${JSON.stringify(countryCode)}`
        : !/^[A-Za-z0-9]{3}$/.test(partyId)
          ? `party id must be 3 letters or digits, got ${JSON.stringify(partyId)}`
          : !name
            ? 'a business name is missing'
            : undefined;
  if (problem) {
    throw new Error(`OCPI_PARTIES[${index}] ("${text}"): ${problem}; expected ROLE:CC:PID:Business name`);
  }
  return {
    role: role as OurParty['role'],
    countryCode: countryCode.toUpperCase(),
    partyId: partyId.toUpperCase(),
    name,
  };
}

/**
 * Reads our identity from the environment: OCPI_BASE_URL (public URL of the OCPI routes) and
 * OCPI_PARTIES, parties separated by ";", each "ROLE:CC:PID:Business name", e.g.
 * "CPO:DE:CLG:Chargeledger Charging GmbH;EMSP:DE:CLG:Chargeledger Mobility GmbH".
 * Undefined when OCPI_BASE_URL is not set (roaming off).
 */
export function loadOcpiIdentity(
  env: Record<string, string | undefined> = process.env,
): OcpiIdentity | undefined {
  const baseUrl = env.OCPI_BASE_URL?.trim();
  if (!baseUrl) return undefined;
  if (!/^https?:\/\//.test(baseUrl))
    throw new Error(`OCPI_BASE_URL must be an http(s) URL, got "${baseUrl}"`);
  const parties = (env.OCPI_PARTIES ?? '')
    .split(';')
    .map((text) => text.trim())
    .filter(Boolean)
    .map(checkedParty);
  if (parties.length === 0)
    throw new Error('OCPI_PARTIES is empty: name at least one party, e.g. CPO:DE:CLG:Name');
  return { baseUrl: baseUrl.replace(/\/+$/, ''), parties };
}
