// eMSP side: a CDR received from a CPO is re-rated with the retail tariff of the driver's contract
// (token → contract → retail tariff), which is what we invoice the driver. The CPO's wholesale totals
// stay beside it for settlement. A credit CDR credits the driver what the credited CDR charged.
import type { Knex } from 'knex';
import { isSameParty } from '../db/repos/partners';
import { Dec } from '../invoice/decimal';
import { findReceivedCdr, type RetailRating } from '../db/repos/roamingCdrs';
import { getTariff } from '../db/repos/tariffs';
import { findToken } from '../db/repos/tokens';
import { InputError } from '../tariff';
import type { Cdr } from '../tariff/types';
import { countryTimeZone } from './countryTimeZone';
import { rateWithTariff } from './rateWithTariff';

export interface RetailOptions {
  /** Retail tariff for contracts that name none. */
  defaultRetailTariffId?: string;
  /** IANA zone of a CDR's location; default by country (countryTimeZone), else UTC. */
  timeZoneOf?: (cdr: Cdr) => string | undefined;
}

/** The zone a received CDR is re-rated in: the caller's choice, else its country's; undefined: unknown. */
export function retailTimeZone(cdr: Cdr, options: RetailOptions = {}): string | undefined {
  return options.timeZoneOf?.(cdr) ?? countryTimeZone(cdr);
}

function negate(value: string | undefined): string | undefined {
  return value === undefined ? undefined : new Dec(value).negated().toFixed();
}

async function creditRating(db: Knex, cdr: Cdr): Promise<RetailRating> {
  const credited = await findReceivedCdr(db, {
    countryCode: cdr.country_code,
    partyId: cdr.party_id,
    cdrId: cdr.credit_reference_id!,
  });
  if (!credited) {
    return {
      status: 'rating_failed',
      message: `credits CDR ${cdr.credit_reference_id}, which we never received`,
    };
  }
  if (credited.retail.status !== 'rated') {
    return {
      status: credited.retail.status,
      message: `credits CDR ${credited.cdrId}, which has no retail price`,
    };
  }
  return {
    status: 'rated',
    message: `credit of CDR ${credited.cdrId}`,
    tariffId: credited.retail.tariffId,
    tariffVersion: credited.retail.tariffVersion,
    totalExclVat: negate(credited.retail.totalExclVat),
    totalInclVat: negate(credited.retail.totalInclVat),
    breakdown: { credits: credited.recordId },
  };
}

/** Our retail price of a received (validated) CDR, or the reason there is none. */
export async function retailRatingFor(
  db: Knex,
  cdr: Cdr,
  options: RetailOptions = {},
): Promise<RetailRating> {
  if (cdr.credit) return creditRating(db, cdr);
  const token = await findToken(db, cdr.cdr_token.uid);
  const ours =
    token &&
    !token.isRoaming &&
    isSameParty(token, { countryCode: cdr.cdr_token.country_code, partyId: cdr.cdr_token.party_id });
  if (!ours) return { status: 'unknown_token', message: `token ${cdr.cdr_token.uid} is not one we issued` };
  const tariffId = token.tariffId ?? options.defaultRetailTariffId;
  if (!tariffId)
    return { status: 'no_retail_tariff', message: `contract ${token.contractId} names no retail tariff` };
  const tariff = await getTariff(db, tariffId);
  if (!tariff) return { status: 'no_retail_tariff', message: `retail tariff ${tariffId} is not stored` };
  const zone = retailTimeZone(cdr, options);
  try {
    const breakdown = rateWithTariff(cdr, tariff.tariff, zone ?? 'UTC').chargeledger_breakdown;
    const total = breakdown.exact_totals.total_cost;
    return {
      status: 'rated',
      message: zone ? undefined : `no time zone known for ${cdr.cdr_location.country}: rated in UTC`,
      tariffId: tariff.tariffId,
      tariffVersion: tariff.version,
      totalExclVat: String(total.excl_vat),
      totalInclVat: String(total.incl_vat),
      breakdown,
    };
  } catch (err) {
    if (err instanceof InputError) return { status: 'rating_failed', message: err.message };
    throw err;
  }
}
