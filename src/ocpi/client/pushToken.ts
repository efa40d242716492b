// eMSP side: PUT one of our drivers' tokens to a partner CPO's tokens receiver (mod_tokens, push
// model), so its chargers can whitelist the driver (or know to ask us in real time). PUT replaces the
// token, so resending is safe. Outcomes as in pushOutcome.ts.
import { getPartner, isSameParty } from '../../db/repos/partners';
import type { OcpiContext } from '../credentials';
import { partiesWithRole } from '../identity';
import type { Token } from '../types';
import { endpointUrl } from './discoverEndpoints';
import { sendPush, type PushOutcome } from './pushOutcome';

export async function pushToken(ctx: OcpiContext, partnerId: string, token: Token): Promise<PushOutcome> {
  const partner = await getPartner(ctx.db, partnerId);
  const issuer = { countryCode: token.country_code, partyId: token.party_id };
  const base = partner && endpointUrl(partner.endpoints, 'tokens', 'RECEIVER');
  const cpo = partner?.roles.find((role) => role.role === 'CPO');
  const problem = !partner
    ? 'unknown roaming partner'
    : partner.status !== 'registered' || !partner.outgoingToken
      ? `the partner is ${partner.status}`
      : !partiesWithRole(ctx.identity, 'EMSP').some((party) => isSameParty(party, issuer))
        ? `token ${token.uid} was not issued by an eMSP party of ours`
        : !base || !cpo
          ? 'the partner has no tokens receiver endpoint'
          : undefined;
  if (problem) return { outcome: 'rejected', message: problem };
  const path = [token.country_code, token.party_id, token.uid].map(encodeURIComponent).join('/');
  return sendPush({
    method: 'PUT',
    url: `${base!.replace(/\/+$/, '')}/${path}?type=${token.type}`,
    token: partner!.outgoingToken!,
    body: token,
    routing: { from: issuer, to: cpo! },
    timeoutMs: ctx.timeoutMs,
  });
}
