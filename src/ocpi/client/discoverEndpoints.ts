// Reads a peer's versions endpoint, picks OCPI 2.2.1 and reads its endpoints: the first steps of
// every credentials exchange, on either side.
import { InputError } from '../../tariff/parse/issues';
import { OcpiError } from '../envelope';
import { OcpiStatus } from '../statusCodes';
import { OCPI_VERSION, type Endpoint, type Version, type VersionDetails } from '../types';
import { parseVersionDetails, parseVersions } from '../validation/credentialsSchema';
import { OcpiCallError, ocpiFetch, successData } from './ocpiFetch';

export interface PeerEndpoints {
  version: string;
  detailsUrl: string;
  endpoints: Endpoint[];
}

function parsed<T>(parse: (value: unknown) => T, value: unknown, what: string): T {
  try {
    return parse(value);
  } catch (err) {
    if (err instanceof OcpiError || err instanceof InputError) {
      throw new OcpiCallError(what, 200, undefined, `malformed answer: ${err.message}`);
    }
    throw err;
  }
}

/** Throws OcpiCallError (status 3002 when the peer has no 2.2.1, 3003 without a credentials endpoint). */
export async function discoverEndpoints(
  versionsUrl: string,
  token: string,
  timeoutMs?: number,
): Promise<PeerEndpoints> {
  const versionsAnswer = await ocpiFetch<Version[]>({ method: 'GET', url: versionsUrl, token, timeoutMs });
  const versions = parsed(
    parseVersions,
    successData(versionsAnswer, `GET ${versionsUrl}`),
    `GET ${versionsUrl}`,
  );
  const chosen = versions.find((v) => v.version === OCPI_VERSION);
  if (!chosen) {
    throw new OcpiCallError(
      `GET ${versionsUrl}`,
      versionsAnswer.httpStatus,
      OcpiStatus.UNSUPPORTED_VERSION,
      `the peer offers ${versions.map((v) => v.version).join(', ')}, not ${OCPI_VERSION}`,
    );
  }
  const detailsAnswer = await ocpiFetch<VersionDetails>({ method: 'GET', url: chosen.url, token, timeoutMs });
  const details = parsed(
    parseVersionDetails,
    successData(detailsAnswer, `GET ${chosen.url}`),
    `GET ${chosen.url}`,
  );
  if (!details.endpoints.some((e) => e.identifier === 'credentials')) {
    throw new OcpiCallError(
      `GET ${chosen.url}`,
      detailsAnswer.httpStatus,
      OcpiStatus.NO_MATCHING_ENDPOINTS,
      'the peer lists no credentials endpoint',
    );
  }
  return { version: chosen.version, detailsUrl: chosen.url, endpoints: details.endpoints };
}

/** The URL of a peer's module interface, if it offers one. */
export function endpointUrl(
  endpoints: readonly Endpoint[],
  identifier: string,
  role?: Endpoint['role'],
): string | undefined {
  return endpoints.find((e) => e.identifier === identifier && (role === undefined || e.role === role))?.url;
}
