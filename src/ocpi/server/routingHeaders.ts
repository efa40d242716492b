// OCPI message routing headers (transport_and_format, Message Routing): on functional modules a
// request may say which party sends it (OCPI-from-*) and which party it is for (OCPI-to-*). Both must
// be parties of this connection: the sender one of the caller's, the receiver one of ours in the role
// the module serves. The answer carries them swapped.
import { randomUUID } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { isSameParty, type PartnerRecord, type PartyCode } from '../../db/repos/partners';
import { invalidParameters } from '../envelope';
import type { OurParty } from '../identity';

type Address = PartyCode;

function header(request: FastifyRequest, name: string): string | undefined {
  const value = request.headers[name];
  return typeof value === 'string' && value.trim() !== '' ? value.trim().toUpperCase() : undefined;
}

function addressOf(request: FastifyRequest, side: 'from' | 'to'): Address | undefined {
  const countryCode = header(request, `ocpi-${side}-country-code`);
  const partyId = header(request, `ocpi-${side}-party-id`);
  if (countryCode === undefined && partyId === undefined) return undefined;
  if (countryCode === undefined || partyId === undefined) {
    throw invalidParameters(
      `OCPI-${side}-country-code and OCPI-${side}-party-id: give both or neither (got only ${countryCode ? 'the country code' : 'the party id'})`,
    );
  }
  return { countryCode, partyId };
}

export function checkRouting(
  request: FastifyRequest,
  partner: PartnerRecord,
  ourParties: readonly OurParty[],
  ourRole: OurParty['role'],
): void {
  const from = addressOf(request, 'from');
  if (from && !partner.roles.some((role) => isSameParty(role, from))) {
    throw invalidParameters(
      `OCPI-from-party-id: ${from.countryCode}-${from.partyId} is not a party of this connection`,
    );
  }
  const to = addressOf(request, 'to');
  if (to && !ourParties.some((party) => party.role === ourRole && isSameParty(party, to))) {
    throw invalidParameters(
      `OCPI-to-party-id: ${to.countryCode}-${to.partyId} is not one of our ${ourRole} parties`,
    );
  }
}

/** X-Request-ID and X-Correlation-ID echoed (or made up), routing headers swapped, on every answer. */
export function echoMessageHeaders(request: FastifyRequest, reply: FastifyReply): void {
  const echo = (name: string) => {
    const value = request.headers[name.toLowerCase()];
    return typeof value === 'string' && value !== '' ? value : undefined;
  };
  reply.header('X-Request-ID', echo('X-Request-ID') ?? randomUUID());
  reply.header('X-Correlation-ID', echo('X-Correlation-ID') ?? randomUUID());
  for (const [mine, theirs] of [
    ['to', 'from'],
    ['from', 'to'],
  ] as const) {
    for (const part of ['country-code', 'party-id']) {
      const value = echo(`OCPI-${theirs}-${part}`);
      if (value) reply.header(`OCPI-${mine}-${part}`, value);
    }
  }
}
