// Our side of the OCPI credentials module as the Receiver (credentials.asciidoc):
//   POST   registration with CREDENTIALS_TOKEN_A: we read the partner's versions and endpoints with
//          the token they sent (B), then answer with a new token for them (C); A stops working.
//          405 when already registered.
//   PUT    token rotation / endpoint refresh for a registered partner: same steps, new token for them.
//          405 when not registered.
//   GET    our credentials object for the caller (the token they present).
//   DELETE unregistration: both tokens are forgotten. 405 when not registered.
// When reading the partner's endpoints fails we answer 3001 and change nothing (3003 when they offer
// no credentials endpoint, 3002 when they have no 2.2.1).
import type { FastifyInstance } from 'fastify';
import { newCredentialsToken, updatePartnerConnection, type PartnerRecord } from '../../db/repos/partners';
import { InvalidRecordError } from '../../db/values';
import { discoverEndpoints } from '../client/discoverEndpoints';
import { OcpiCallError, OcpiTransportError } from '../client/ocpiFetch';
import { ourCredentials, partnerRolesOf, type OcpiContext } from '../credentials';
import { OcpiError, invalidParameters, methodNotAllowed, ocpiResponse } from '../envelope';
import { ocpiPaths } from '../identity';
import { OcpiStatus } from '../statusCodes';
import type { Credentials } from '../types';
import { parseCredentials } from '../validation/credentialsSchema';
import { authenticate } from './authenticate';

/** Reads the partner's endpoints with their new token, stores everything, returns our new token. */
async function connectBack(
  ctx: OcpiContext,
  partner: PartnerRecord,
  credentials: Credentials,
): Promise<Credentials> {
  let peer;
  try {
    peer = await discoverEndpoints(credentials.url, credentials.token, ctx.timeoutMs);
  } catch (err) {
    if (err instanceof OcpiCallError && (err.statusCode === 3002 || err.statusCode === 3003)) {
      throw new OcpiError(200, err.statusCode, err.message);
    }
    if (err instanceof OcpiCallError || err instanceof OcpiTransportError) {
      throw new OcpiError(
        200,
        OcpiStatus.UNABLE_TO_USE_CLIENT_API,
        `reading your endpoints failed: ${err.message}`,
      );
    }
    throw err;
  }
  const tokenForThem = newCredentialsToken();
  try {
    await updatePartnerConnection(ctx.db, partner.id, {
      status: 'registered',
      versionsUrl: credentials.url,
      version: peer.version,
      endpoints: peer.endpoints,
      incomingToken: { token: tokenForThem, kind: 'C' },
      pendingToken: null,
      outgoingToken: credentials.token,
      roles: partnerRolesOf(credentials.roles),
    });
  } catch (err) {
    if (err instanceof InvalidRecordError) throw invalidParameters(`credentials.${err.message}`);
    throw err;
  }
  return ourCredentials(ctx.identity, tokenForThem);
}

export function credentialsRoutes(app: FastifyInstance, ctx: OcpiContext): void {
  const path = ocpiPaths(ctx.identity).credentials;

  app.get(path, async (request) => {
    const { token } = await authenticate(ctx.db, request, 'configuration');
    return ocpiResponse(ourCredentials(ctx.identity, token));
  });

  app.post(path, async (request) => {
    const { partner } = await authenticate(ctx.db, request, 'configuration');
    if (partner.status !== 'invited' || partner.incomingTokenKind !== 'A') {
      throw methodNotAllowed('already registered (or registering): use PUT to update the credentials');
    }
    return ocpiResponse(await connectBack(ctx, partner, parseCredentials(request.body)));
  });

  app.put(path, async (request) => {
    const { partner } = await authenticate(ctx.db, request, 'configuration');
    if (partner.status !== 'registered') throw methodNotAllowed('not registered: use POST to register');
    return ocpiResponse(await connectBack(ctx, partner, parseCredentials(request.body)));
  });

  app.delete(path, async (request) => {
    const { partner } = await authenticate(ctx.db, request, 'configuration');
    if (partner.status !== 'registered') throw methodNotAllowed('not registered');
    await updatePartnerConnection(ctx.db, partner.id, {
      status: 'unregistered',
      incomingToken: null,
      pendingToken: null,
      outgoingToken: null,
    });
    return ocpiResponse(undefined);
  });
}
