// CPO side: POST a CDR to the partner eMSP's cdrs receiver and say what became of it (accepted,
// rejected for good, or retryable: see pushOutcome.ts). A CDR that cannot go to this partner at all
// is rejected without a request. Every attempt is recorded per (CDR, partner); once accepted, a
// repeat call sends nothing. The CDR must be stored (storeCdr) first. The retry loop itself is the
// caller's (a Temporal activity retried until the outcome is not retryable).
import { getPartner, partnerHasRole, type PartnerRecord } from '../../db/repos/partners';
import { getDelivery, recordDeliveryAttempt } from '../../db/repos/roamingCdrs';
import type { Cdr } from '../../tariff/types';
import { ocpiCdr } from '../cdrView';
import type { OcpiContext } from '../credentials';
import { endpointUrl } from './discoverEndpoints';
import { sendPush, type PushOutcome } from './pushOutcome';

export type PushCdrResult =
  | (Extract<PushOutcome, { outcome: 'accepted' }> & { alreadyAccepted: boolean })
  | Exclude<PushOutcome, { outcome: 'accepted' }>;

/** Why this CDR cannot go to this partner at all, if it cannot. */
function unsendable(partner: PartnerRecord | undefined, cdr: Cdr): string | undefined {
  if (!partner) return 'unknown roaming partner';
  if (partner.status !== 'registered' || !partner.outgoingToken) return `the partner is ${partner.status}`;
  const issuer = { countryCode: cdr.cdr_token.country_code, partyId: cdr.cdr_token.party_id };
  if (!partnerHasRole(partner, 'EMSP', issuer)) {
    return `the CDR's token ${issuer.countryCode}-${issuer.partyId} is not of an eMSP party of this partner`;
  }
  if (!endpointUrl(partner.endpoints, 'cdrs', 'RECEIVER')) return 'the partner has no cdrs receiver endpoint';
  return undefined;
}

export async function pushCdr(
  ctx: OcpiContext,
  partnerId: string,
  cdr: Cdr,
  options: { correlationId?: string } = {},
): Promise<PushCdrResult> {
  const delivered = await getDelivery(ctx.db, cdr.id, partnerId);
  if (delivered?.status === 'accepted') {
    return { outcome: 'accepted', location: delivered.location ?? undefined, alreadyAccepted: true };
  }
  const partner = await getPartner(ctx.db, partnerId);
  const problem = unsendable(partner, cdr);
  const outcome: PushOutcome = problem
    ? { outcome: 'rejected', message: problem }
    : await sendPush({
        method: 'POST',
        url: endpointUrl(partner!.endpoints, 'cdrs', 'RECEIVER')!,
        token: partner!.outgoingToken!,
        body: ocpiCdr(cdr),
        routing: {
          from: { countryCode: cdr.country_code, partyId: cdr.party_id },
          to: { countryCode: cdr.cdr_token.country_code, partyId: cdr.cdr_token.party_id },
        },
        correlationId: options.correlationId,
        timeoutMs: ctx.timeoutMs,
      });
  const result: PushCdrResult =
    outcome.outcome === 'accepted' ? { ...outcome, alreadyAccepted: false } : outcome;
  if (partner) {
    await recordDeliveryAttempt(ctx.db, {
      cdrId: cdr.id,
      partnerId,
      outcome: result.outcome,
      httpStatus: result.httpStatus,
      ocpiStatus: result.statusCode,
      message: result.outcome === 'accepted' ? undefined : result.message,
      location: result.outcome === 'accepted' ? result.location : undefined,
    });
  }
  return result;
}
