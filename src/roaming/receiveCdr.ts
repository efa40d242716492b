// eMSP side: accepting a CDR a partner CPO posted. It must come from a CPO party of that connection
// and bill a token one of our eMSP parties issued; it is stored once per (country_code, party_id, id)
// with our retail re-rating, and a credit CDR resolves the open dispute on the CDR it credits.
import type { Knex } from 'knex';
import { isSameParty, partnerHasRole, type PartnerRecord } from '../db/repos/partners';
import {
  findReceivedCdr,
  receivedCdrHash,
  storeReceivedCdr,
  type PartyRef,
  type StoreReceivedResult,
} from '../db/repos/roamingCdrs';
import { resolveDisputeByCredit } from '../db/repos/settlements';
import type { Cdr } from '../tariff/types';
import { retailRatingFor, type RetailOptions } from './retailRating';

export type ReceiveCdrResult = StoreReceivedResult | { outcome: 'refused'; message: string };

export async function receivePartnerCdr(
  db: Knex,
  partner: PartnerRecord,
  cdr: Cdr,
  options: { ourEmspParties: PartyRef[]; retail?: RetailOptions },
): Promise<ReceiveCdrResult> {
  if (!partnerHasRole(partner, 'CPO', { countryCode: cdr.country_code, partyId: cdr.party_id })) {
    return {
      outcome: 'refused',
      message: `cdr.party_id: ${cdr.country_code}-${cdr.party_id} is not a CPO party of this connection`,
    };
  }
  const token = cdr.cdr_token;
  const issuer = { countryCode: token.country_code, partyId: token.party_id };
  if (!options.ourEmspParties.some((party) => isSameParty(party, issuer))) {
    return {
      outcome: 'refused',
      message: `cdr.cdr_token.party_id: ${token.country_code}-${token.party_id} is not an eMSP party of ours`,
    };
  }
  // A resend must not cost a re-rating; storeReceivedCdr settles races between concurrent posts.
  const known = await findReceivedCdr(db, {
    countryCode: cdr.country_code,
    partyId: cdr.party_id,
    cdrId: cdr.id,
  });
  if (known)
    return { outcome: known.contentHash === receivedCdrHash(cdr) ? 'duplicate' : 'conflict', record: known };
  const retail = await retailRatingFor(db, cdr, options.retail);
  const stored = await storeReceivedCdr(db, { partnerId: partner.id, cdr, retail });
  if (stored.outcome === 'inserted' && cdr.credit) {
    await resolveDisputeByCredit(db, {
      direction: 'received',
      countryCode: cdr.country_code,
      partyId: cdr.party_id,
      cdrId: cdr.credit_reference_id!,
      creditCdrId: cdr.id,
    });
  }
  return stored;
}
