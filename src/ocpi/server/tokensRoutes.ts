// The tokens module in both roles.
// CPO (Receiver): {cpo tokens}/{country_code}/{party_id}/{uid}[?type=]: GET, PUT (create/replace) and
// PATCH (partial, last_updated required) of a partner eMSP's token. The URL names the eMSP party,
// which must be one of the caller's (404 otherwise, as Client Owned Object push allows); the body
// must agree with the URL.
// eMSP (Sender): POST {emsp tokens}/{uid}/authorize[?type=]: real-time authorization of a token we
// issued (404 + 2004 for tokens we do not know).
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PartnerRecord } from '../../db/repos/partners';
import { findPartnerToken, isEmspPartyOf, ocpiTokenOf, storePartnerToken } from '../../roaming/partnerTokens';
import { authorizeOwnToken } from '../../roaming/tokenAuthorization';
import type { OcpiContext } from '../credentials';
import { invalidParameters, notFound, ocpiResponse } from '../envelope';
import { hasRole, ocpiPaths } from '../identity';
import { OcpiStatus } from '../statusCodes';
import type { Token } from '../types';
import { parseLocationReferences, parseToken, parseTokenPatch, TOKEN_TYPES } from '../validation/tokenSchema';
import { authenticate } from './authenticate';
import { checkRouting } from './routingHeaders';

interface TokenParams {
  countryCode: string;
  partyId: string;
  uid: string;
}

function requestedType(request: FastifyRequest): string {
  const type = (request.query as { type?: unknown }).type ?? 'RFID';
  if (typeof type !== 'string' || !(TOKEN_TYPES as readonly string[]).includes(type)) {
    throw invalidParameters(
      `query parameter type: expected one of ${TOKEN_TYPES.join(', ')}, got ${JSON.stringify(type)}`,
    );
  }
  return type;
}

/** The body must describe the token the URL names. */
function checkAgainstUrl(token: Partial<Token>, params: TokenParams, type: string): void {
  const expected: Array<[keyof Token, string]> = [
    ['country_code', params.countryCode],
    ['party_id', params.partyId],
    ['uid', params.uid],
    ['type', type],
  ];
  for (const [field, value] of expected) {
    const given = token[field];
    if (given !== undefined && String(given).toUpperCase() !== value.toUpperCase()) {
      throw invalidParameters(
        `token.${field}: ${JSON.stringify(given)} differs from the URL's ${JSON.stringify(value)}`,
      );
    }
  }
}

export function tokensRoutes(app: FastifyInstance, ctx: OcpiContext): void {
  const { db, identity } = ctx;
  const paths = ocpiPaths(identity);

  if (hasRole(identity, 'CPO')) {
    const path = `${paths.cpoTokens}/:countryCode/:partyId/:uid`;

    const caller = async (request: FastifyRequest<{ Params: TokenParams }>): Promise<PartnerRecord> => {
      const { partner } = await authenticate(db, request, 'functional');
      checkRouting(request, partner, identity.parties, 'CPO');
      const { countryCode, partyId } = request.params;
      if (!isEmspPartyOf(partner, countryCode, partyId)) {
        throw notFound(`${countryCode}-${partyId} is not an eMSP party of this connection`);
      }
      return partner;
    };
    const stored = async (partner: PartnerRecord, params: TokenParams, type: string) => {
      const record = await findPartnerToken(db, partner, params.countryCode, params.partyId, params.uid);
      if (!record || record.type !== type)
        throw notFound(`unknown token ${params.uid}`, OcpiStatus.UNKNOWN_TOKEN);
      return record;
    };

    app.get<{ Params: TokenParams }>(path, async (request) => {
      const partner = await caller(request);
      return ocpiResponse(ocpiTokenOf(await stored(partner, request.params, requestedType(request))));
    });

    app.put<{ Params: TokenParams }>(path, async (request, reply) => {
      const partner = await caller(request);
      const type = requestedType(request);
      const token = parseToken(request.body);
      checkAgainstUrl(token, request.params, type);
      const result = await storePartnerToken(db, partner, token);
      if (result.outcome === 'refused') throw invalidParameters(result.message);
      reply.code(result.outcome === 'created' ? 201 : 200);
      return ocpiResponse(undefined);
    });

    app.patch<{ Params: TokenParams }>(path, async (request) => {
      const partner = await caller(request);
      const type = requestedType(request);
      const patch = parseTokenPatch(request.body);
      checkAgainstUrl(patch, request.params, type);
      const current = ocpiTokenOf(await stored(partner, request.params, type));
      const result = await storePartnerToken(db, partner, parseToken({ ...current, ...patch }));
      if (result.outcome === 'refused') throw invalidParameters(result.message);
      return ocpiResponse(undefined);
    });
  }

  if (hasRole(identity, 'EMSP')) {
    app.post<{ Params: { uid: string } }>(`${paths.emspTokens}/:uid/authorize`, async (request) => {
      const { partner } = await authenticate(db, request, 'functional');
      checkRouting(request, partner, identity.parties, 'EMSP');
      const location = request.body === undefined ? undefined : parseLocationReferences(request.body);
      const info = await authorizeOwnToken(db, request.params.uid, {
        type: requestedType(request),
        location,
      });
      if (!info) throw notFound(`unknown token ${request.params.uid}`, OcpiStatus.UNKNOWN_TOKEN);
      return ocpiResponse(info);
    });
  }
}
