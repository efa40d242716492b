// What a DATEV booking export needs to know about the books it goes into: the tax advisor's and client's
// numbers, the fiscal year, account lengths, and which revenue account takes which VAT rate. Defaults
// follow SKR03 with DATEV's automatic revenue accounts (Automatikkonten: DATEV splits the VAT off the
// gross amount itself, so these bookings carry no BU-Schlüssel). Check them with the tax advisor.
import { Dec } from '../../invoice/decimal';
import type { InputIssue } from '../../invoice/errors';
import type { VatCategory } from '../../invoice/types';
import { ExportInputError } from '../exportErrors';

export interface RevenueAccount {
  category: VatCategory;
  /** VAT percentage, e.g. "19". */
  rate: string;
  /** Sachkonto, e.g. 8400. */
  account: string;
  /** BU-Schlüssel; leave empty for automatic accounts. */
  taxKey?: string;
}

/** SKR03: 8400 Erlöse 19 % USt, 8300 Erlöse 7 % USt (both automatic), 8336 sonstige Leistungen im
 *  EU-Ausland, Steuerschuldnerschaft des Leistungsempfängers (reverse charge). Zero-rated and exempt
 *  revenue depend on the case and must be configured. */
export const SKR03_REVENUE_ACCOUNTS: readonly RevenueAccount[] = [
  { category: 'S', rate: '19', account: '8400' },
  { category: 'S', rate: '7', account: '8300' },
  { category: 'AE', rate: '0', account: '8336' },
];

export interface DatevSettings {
  /** Beraternummer (1001–9999999). */
  consultantNumber: number;
  /** Mandantennummer (1–99999). */
  clientNumber: number;
  /** First day of the fiscal year the bookings fall in (YYYY-MM-DD); default 1 January of the range. */
  fiscalYearStart?: string;
  /** Sachkontenlänge (4–8); debtor accounts have one digit more. Default 4. */
  accountLength?: number;
  /** Kontenrahmen as DATEV writes it: "03" (SKR03), "04" (SKR04). Default "03". */
  chartOfAccounts?: string;
  /** Collective debtor account for customers without their own (customers.datev_account). Default 10000. */
  defaultDebtorAccount?: string;
  /** Default SKR03_REVENUE_ACCOUNTS. */
  revenueAccounts?: readonly RevenueAccount[];
  /** Bookings in this currency only (DATEV's books are kept in one); default EUR. */
  currency?: string;
  /** Batch label shown in DATEV (≤ 30 characters). */
  batchName?: string;
  /** Festschreibung: lock the bookings on import. Default false, so the tax advisor can review them. */
  lockBookings?: boolean;
  /** Header timestamp; default now. */
  createdAt?: Date;
}

export type ResolvedDatevSettings = Required<Omit<DatevSettings, 'fiscalYearStart'>> & {
  fiscalYearStart: string | undefined;
};

function wholeNumber(issues: InputIssue[], path: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max)
    issues.push({ path, message: `expected a whole number from ${min} to ${max}, got ${value}` });
}

export function resolveDatevSettings(settings: DatevSettings): ResolvedDatevSettings {
  const resolved: ResolvedDatevSettings = {
    consultantNumber: settings.consultantNumber,
    clientNumber: settings.clientNumber,
    fiscalYearStart: settings.fiscalYearStart,
    accountLength: settings.accountLength ?? 4,
    chartOfAccounts: settings.chartOfAccounts ?? '03',
    defaultDebtorAccount: settings.defaultDebtorAccount ?? '1'.padEnd((settings.accountLength ?? 4) + 1, '0'),
    revenueAccounts: settings.revenueAccounts ?? SKR03_REVENUE_ACCOUNTS,
    currency: settings.currency ?? 'EUR',
    batchName: settings.batchName ?? 'chargeledger',
    lockBookings: settings.lockBookings ?? false,
    createdAt: settings.createdAt ?? new Date(),
  };
  const issues: InputIssue[] = [];
  wholeNumber(issues, 'consultantNumber', resolved.consultantNumber, 1001, 9_999_999);
  wholeNumber(issues, 'clientNumber', resolved.clientNumber, 1, 99_999);
  wholeNumber(issues, 'accountLength', resolved.accountLength, 4, 8);
  if (!/^\d{2}$/.test(resolved.chartOfAccounts))
    issues.push({
      path: 'chartOfAccounts',
      message: `expected two digits like "03", got ${JSON.stringify(resolved.chartOfAccounts)}`,
    });
  const debtorDigits = resolved.accountLength + 1;
  if (!new RegExp(`^\\d{${debtorDigits}}$`).test(resolved.defaultDebtorAccount))
    issues.push({
      path: 'defaultDebtorAccount',
      message: `expected ${debtorDigits} digits, got ${JSON.stringify(resolved.defaultDebtorAccount)}`,
    });
  resolved.revenueAccounts.forEach((entry, i) => {
    if (!new RegExp(`^\\d{1,${resolved.accountLength}}$`).test(entry.account))
      issues.push({
        path: `revenueAccounts[${i}].account`,
        message: `expected up to ${resolved.accountLength} digits, got ${JSON.stringify(entry.account)}`,
      });
    if (!/^\d+(\.\d+)?$/.test(entry.rate))
      issues.push({
        path: `revenueAccounts[${i}].rate`,
        message: `expected a VAT percentage like "19", got ${JSON.stringify(entry.rate)}`,
      });
    if (entry.taxKey !== undefined && !/^\d{0,4}$/.test(entry.taxKey))
      issues.push({
        path: `revenueAccounts[${i}].taxKey`,
        message: `expected up to 4 digits, got ${JSON.stringify(entry.taxKey)}`,
      });
  });
  if (resolved.fiscalYearStart !== undefined && !/^\d{4}-\d{2}-01$/.test(resolved.fiscalYearStart))
    issues.push({
      path: 'fiscalYearStart',
      message: `expected the first of a month, YYYY-MM-01, got ${JSON.stringify(resolved.fiscalYearStart)}`,
    });
  if (resolved.batchName.length > 30) issues.push({ path: 'batchName', message: 'at most 30 characters' });
  if (issues.length > 0) throw new ExportInputError(issues);
  return resolved;
}

/** The revenue account of a VAT group, or undefined when the settings do not name one. */
export function revenueAccountFor(
  settings: ResolvedDatevSettings,
  category: VatCategory,
  rate: string,
): RevenueAccount | undefined {
  return settings.revenueAccounts.find(
    (entry) => entry.category === category && new Dec(entry.rate).eq(rate),
  );
}
