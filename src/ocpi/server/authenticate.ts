// Who is calling: the partner whose credentials token is in the Authorization header (OCPI
// transport_and_format, Authorization header). Unknown or missing token: HTTP 401. CREDENTIALS_TOKEN_A
// (or a partner still mid-registration) only opens the configuration modules, versions and
// credentials; the functional modules answer 401 to it, as 2.2.1 prescribes.
import type { FastifyRequest } from 'fastify';
import type { Knex } from 'knex';
import { findPartnerByToken, type PartnerRecord } from '../../db/repos/partners';
import { tokenCandidates } from '../authorizationHeader';
import { unauthorized } from '../envelope';

export interface Caller {
  partner: PartnerRecord;
  /** The credentials token as presented (decoded). */
  token: string;
}

export type ModuleKind = 'configuration' | 'functional';

export async function authenticate(db: Knex, request: FastifyRequest, kind: ModuleKind): Promise<Caller> {
  const candidates = tokenCandidates(request.headers.authorization);
  if (candidates.length === 0) {
    throw unauthorized('Authorization: expected "Token <base64 credentials token>"');
  }
  for (const token of candidates) {
    const found = await findPartnerByToken(db, token);
    if (!found) continue;
    const { partner } = found;
    if (kind === 'functional' && (partner.status !== 'registered' || partner.incomingTokenKind === 'A')) {
      throw unauthorized(
        'Authorization: this credentials token only opens the versions and credentials modules',
      );
    }
    return { partner, token };
  }
  throw unauthorized('Authorization: unknown credentials token');
}
