// CPO side: the CDR of a partner eMSP's driver is rated with the wholesale tariff agreed with that
// eMSP (not the charger's public tariff) and carries that tariff, so the eMSP can check every cent.
import type { Knex } from 'knex';
import { getAgreement, findPartnerByParty, type PartnerRecord, type PartyCode } from '../db/repos/partners';
import { getTariff, type TariffVersionRecord } from '../db/repos/tariffs';
import type { RatingBreakdown } from '../tariff';
import type { Cdr, Tariff } from '../tariff/types';
import { rateWithTariff } from './rateWithTariff';

export interface WholesaleCdr {
  /** The OCPI CDR to store and push: totals from the wholesale tariff, `tariffs: [wholesale tariff]`. */
  cdr: Cdr;
  /** The exact rating behind the totals (store it with the CDR). */
  breakdown: RatingBreakdown;
}

/** Pure: `cdr` (priced or not) rated with `tariff` in the location's `timeZone`. */
export function wholesaleCdr(cdr: Cdr, tariff: Tariff, timeZone: string): WholesaleCdr {
  const { chargeledger_breakdown: breakdown, ...ocpi } = rateWithTariff(cdr, tariff, timeZone);
  return { cdr: ocpi, breakdown };
}

export interface PartnerWholesaleCdr extends WholesaleCdr {
  partner: PartnerRecord;
  tariffId: string;
  tariffVersion: number;
}

/**
 * The wholesale-rated CDR when the session's token was issued by a roaming partner eMSP (undefined
 * for our own drivers). Throws when that partner has no CPO agreement naming a stored wholesale tariff:
 * sending a CDR priced at the public tariff would bill the partner the wrong amount.
 */
export async function rateForPartner(
  db: Knex,
  cdr: Cdr,
  timeZone: string,
): Promise<PartnerWholesaleCdr | undefined> {
  const issuer = cdr.cdr_token;
  const wholesale = await partnerWholesaleTariff(db, {
    countryCode: issuer.country_code,
    partyId: issuer.party_id,
  });
  if (!wholesale) return undefined;
  const { partner, tariff } = wholesale;
  if (!tariff) throw new Error(wholesale.problem);
  return {
    ...wholesaleCdr(cdr, tariff.tariff, timeZone),
    partner,
    tariffId: tariff.tariffId,
    tariffVersion: tariff.version,
  };
}

/** The partner eMSP issuing tokens of `party`, and its agreement's wholesale tariff (or why there is none). */
export type PartnerWholesale =
  | { partner: PartnerRecord; tariff: TariffVersionRecord }
  | { partner: PartnerRecord; tariff: undefined; problem: string };

/**
 * The wholesale tariff (its current version) agreed with the partner eMSP that issued tokens of
 * `party`; undefined when no partner speaks for that party (our own drivers).
 */
export async function partnerWholesaleTariff(
  db: Knex,
  party: PartyCode,
): Promise<PartnerWholesale | undefined> {
  const partner = await findPartnerByParty(db, party.countryCode, party.partyId, 'EMSP');
  if (!partner) return undefined;
  const agreement = await getAgreement(db, partner.id, 'CPO');
  if (!agreement?.wholesaleTariffId) {
    return {
      partner,
      tariff: undefined,
      problem: `roaming partner ${partner.id} (${partner.name}): no CPO agreement with a wholesale tariff`,
    };
  }
  const tariff = await getTariff(db, agreement.wholesaleTariffId);
  if (!tariff) {
    return {
      partner,
      tariff: undefined,
      problem: `roaming partner ${partner.id}: wholesale tariff ${agreement.wholesaleTariffId} of the agreement is not stored`,
    };
  }
  return { partner, tariff };
}
