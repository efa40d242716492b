// CPO side: the partner eMSP's copy of CDRs we delivered, read back from the URL its cdrs receiver
// gave each accepted POST (mod_cdrs: Location header, then GET on it). The eMSP's cdrs module has no
// list to pull, so this is how a CPO sees what the partner holds when it reconciles.
import { getDelivery } from '../../db/repos/roamingCdrs';
import { getPartner } from '../../db/repos/partners';
import type { Cdr } from '../../tariff/types';
import type { OcpiContext } from '../credentials';
import { OcpiCallError, ocpiFetch, successData } from './ocpiFetch';

/**
 * The partner's copies of `cdrIds`, in order, leaving out CDRs never accepted (nothing to read: the
 * reconciliation then reports them missing at the partner) and CDRs the partner answers 404 for.
 * Throws OcpiCallError / OcpiTransportError when the partner cannot be read now.
 */
export async function readDeliveredCdrs(
  ctx: OcpiContext,
  partnerId: string,
  cdrIds: readonly string[],
): Promise<Cdr[]> {
  const partner = await getPartner(ctx.db, partnerId);
  if (!partner?.outgoingToken || partner.status !== 'registered') {
    throw new OcpiCallError(`partner ${partnerId}`, undefined, undefined, 'not registered');
  }
  const copies: Cdr[] = [];
  for (const cdrId of cdrIds) {
    const delivery = await getDelivery(ctx.db, cdrId, partnerId);
    if (delivery?.status !== 'accepted' || !delivery.location) continue;
    const answer = await ocpiFetch<Cdr>({
      method: 'GET',
      url: delivery.location,
      token: partner.outgoingToken,
      timeoutMs: ctx.timeoutMs,
    });
    if (answer.httpStatus === 404) continue;
    const cdr = successData(answer, `GET ${delivery.location}`);
    if (!cdr || typeof cdr !== 'object' || Array.isArray(cdr)) {
      throw new OcpiCallError(`GET ${delivery.location}`, answer.httpStatus, undefined, 'data is not a CDR');
    }
    copies.push(cdr);
  }
  return copies;
}
