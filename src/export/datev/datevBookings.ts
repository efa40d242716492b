// The bookings of one issued document in a DATEV Buchungsstapel: one per VAT group (category and rate)
// with a non-zero amount, on the customer's debtor account (Konto) against the group's revenue account
// (Gegenkonto), for the group's gross amount (taxable amount + VAT: automatic accounts and BU-Schlüssel
// both take gross and split the VAT off themselves). Signed: invoices debit the debtor (S), credit
// notes credit it (H). Σ of a document's bookings = its gross total, to the cent.
import { Dec } from '../../invoice/decimal';
import type { VatBreakdown } from '../../invoice/types';
import { ExportInputError } from '../exportErrors';
import { revenueAccountFor, type ResolvedDatevSettings } from './datevSettings';

/** What a booking needs to know of an issued invoice or credit note. */
export interface DatevDocument {
  number: string;
  issueDate: string;
  servicePeriodEnd: string;
  currency: string;
  customerId: string;
  customerName: string;
  customerVatId: string | null;
  /** customers.datev_account */
  customerAccount: string | null;
  vatBreakdown: readonly VatBreakdown[];
}

export interface DatevBooking {
  /** Signed gross amount: positive = debit the debtor (S), negative = credit it (H). */
  amount: Dec;
  currency: string;
  /** Debtor (Personenkonto). */
  account: string;
  /** Revenue account (Sachkonto). */
  contraAccount: string;
  taxKey: string;
  /** YYYY-MM-DD */
  documentDate: string;
  documentNumber: string;
  text: string;
  /** Customer VAT id, for reverse-charge bookings (feeds the EU sales list). */
  euVatId: string | null;
  /** YYYY-MM-DD */
  serviceDate: string;
}

export function bookingsOf(document: DatevDocument, settings: ResolvedDatevSettings): DatevBooking[] {
  const account = document.customerAccount ?? settings.defaultDebtorAccount;
  if (!new RegExp(`^\\d{${settings.accountLength + 1}}$`).test(account)) {
    throw new ExportInputError([
      {
        path: `customers[${document.customerId}].datevAccount`,
        message: `debtor account ${account} needs ${settings.accountLength + 1} digits (Sachkontenlänge ${settings.accountLength})`,
      },
    ]);
  }
  return document.vatBreakdown
    .map((group) => ({ group, gross: new Dec(group.taxableAmount).plus(group.vatAmount) }))
    .filter(({ gross }) => !gross.isZero())
    .map(({ group, gross }) => {
      const revenue = revenueAccountFor(settings, group.category, group.rate);
      if (!revenue) {
        throw new ExportInputError([
          {
            path: 'revenueAccounts',
            message: `no revenue account for VAT category ${group.category} at ${group.rate} % (document ${document.number})`,
          },
        ]);
      }
      return {
        amount: gross,
        currency: document.currency,
        account,
        contraAccount: revenue.account,
        taxKey: revenue.taxKey ?? '',
        documentDate: document.issueDate,
        documentNumber: document.number,
        text: document.customerName,
        euVatId: group.category === 'AE' ? document.customerVatId : null,
        serviceDate: document.servicePeriodEnd,
      };
    });
}
