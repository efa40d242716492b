// Issuer and customer records as the parties printed on an invoice (src/invoice Issuer / Customer).
import type { CustomerRecord } from '../db/repos/customers';
import type { IssuerRecord } from '../db/repos/issuers';
import type { PartyRecordFields } from '../db/repos/partyColumns';
import type { Customer, Issuer, Party } from '../invoice/types';

/** Only the members that have a value: the invoice schema wants absent, not null. */
function present<T extends object>(fields: { [K in keyof T]?: T[K] | null }): Partial<T> {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== null && value !== undefined),
  ) as Partial<T>;
}

function partyOf(record: PartyRecordFields): Party {
  return {
    name: record.name,
    address: {
      lines: record.addressLines,
      postalCode: record.postalCode,
      city: record.city,
      country: record.country,
    },
    language: record.language,
    timeZone: record.timeZone,
    ...present<Party>({
      vatId: record.vatId,
      taxRegistration: record.taxRegistration,
      email: record.email,
      phone: record.phone,
    }),
  };
}

export function issuerParty(issuer: IssuerRecord): Issuer {
  return {
    ...partyOf(issuer),
    ...present<Issuer>({
      legalRegistration: issuer.legalRegistration,
      iban: issuer.iban,
      bic: issuer.bic,
      bankName: issuer.bankName,
      contactName: issuer.contactName,
      legalInfo: issuer.legalInfo.length > 0 ? issuer.legalInfo : undefined,
    }),
  };
}

export function customerParty(customer: CustomerRecord): Customer {
  return { ...partyOf(customer), kind: customer.kind, id: customer.id };
}
