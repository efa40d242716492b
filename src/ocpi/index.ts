// Public API of the OCPI 2.2.1 layer: the Fastify plugin partners talk to, and the calls we make to
// partners (registration, CDR push and pull). Roaming business rules live in src/roaming.
export { ocpiRoutes, DEFAULT_BODY_LIMIT, DEFAULT_PAGE_LIMIT, type OcpiRoutesOptions } from './server/plugin';
export type { OcpiContext } from './credentials';
export { loadOcpiIdentity, ocpiUrls, ourEndpoints, type OcpiIdentity, type OurParty } from './identity';
export { registerWithPartner, updateCredentials, unregisterFromPartner } from './client/registration';
export { pushCdr, type PushCdrResult } from './client/pushCdr';
export { pushToken } from './client/pushToken';
export type { PushOutcome } from './client/pushOutcome';
export { pullCdrs } from './client/pullCdrs';
export { discoverEndpoints, endpointUrl, type PeerEndpoints } from './client/discoverEndpoints';
export {
  ocpiFetch,
  OcpiCallError,
  OcpiTransportError,
  type OcpiAnswer,
  type OcpiRequest,
} from './client/ocpiFetch';
export { authorizationHeader, tokenCandidates } from './authorizationHeader';
export { ocpiResponse, OcpiError } from './envelope';
export { OcpiStatus, statusClass } from './statusCodes';
export { ocpiCdr } from './cdrView';
export { parseReceivedCdr, strictCdrIssues } from './validation/cdrValidation';
export * from './types';
