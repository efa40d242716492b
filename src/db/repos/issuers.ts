// Issuers: the companies that invoice (a CPO or eMSP legal entity), with their bank details and how
// they number invoices and credit notes.
import type { Knex } from 'knex';
import { InvalidRecordError, iso, requiredText } from '../values';
import { partyColumns, partyFieldsOf, type PartyFields, type PartyRecordFields } from './partyColumns';

export interface NumberingConfig {
  /** Series prefix of invoices, e.g. INV → INV-2026-000123 (letters and digits). */
  invoiceSeries?: string;
  /** Series prefix of credit notes, e.g. CN → CN-2026-000004. */
  creditNoteSeries?: string;
  /** Zero-padded digits of the sequence; default 6. */
  digits?: number;
  /** Restart at 1 every calendar year (of the issue date) and print the year; default true. */
  yearly?: boolean;
}

export interface IssuerInput extends PartyFields {
  id: string;
  /** e.g. "HRB 12345, Amtsgericht München". */
  legalRegistration?: string | null;
  iban?: string | null;
  bic?: string | null;
  bankName?: string | null;
  contactName?: string | null;
  /** Footer lines: managing directors, register court, … */
  legalInfo?: string[];
  /** The name as printed in the document head when it differs from the legal name. */
  logoText?: string | null;
  numbering?: NumberingConfig;
  /** Days from issue to due date for amounts due; default 14. */
  paymentTermsDays?: number;
}

export interface IssuerRecord extends PartyRecordFields {
  id: string;
  legalRegistration: string | null;
  iban: string | null;
  bic: string | null;
  bankName: string | null;
  contactName: string | null;
  legalInfo: string[];
  logoText: string | null;
  numbering: Required<NumberingConfig>;
  paymentTermsDays: number;
  createdAt: string;
  updatedAt: string;
}

type Row = Record<string, unknown>;

const SERIES = /^[A-Za-z0-9]+$/;

function series(field: string, value: string): string {
  if (!SERIES.test(value))
    throw new InvalidRecordError(field, `expected letters and digits only, got ${JSON.stringify(value)}`);
  return value;
}

function wholeNumber(field: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new InvalidRecordError(field, `expected a whole number from ${min} to ${max}, got ${value}`);
  }
  return value;
}

function columnsOf(issuer: IssuerInput): Row {
  const numbering = issuer.numbering ?? {};
  const invoiceSeries = series('issuer.numbering.invoiceSeries', numbering.invoiceSeries ?? 'INV');
  const creditNoteSeries = series('issuer.numbering.creditNoteSeries', numbering.creditNoteSeries ?? 'CN');
  if (invoiceSeries === creditNoteSeries) {
    throw new InvalidRecordError('issuer.numbering.creditNoteSeries', 'must differ from the invoice series');
  }
  const iban = issuer.iban?.replace(/\s+/g, '').toUpperCase() || null;
  if (iban !== null && !/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) {
    throw new InvalidRecordError('issuer.iban', `expected an IBAN, got ${JSON.stringify(issuer.iban)}`);
  }
  return {
    id: requiredText('issuer.id', issuer.id),
    ...partyColumns('issuer', issuer),
    legal_registration: issuer.legalRegistration ?? null,
    iban,
    bic: issuer.bic?.replace(/\s+/g, '').toUpperCase() || null,
    bank_name: issuer.bankName ?? null,
    contact_name: issuer.contactName ?? null,
    legal_info: issuer.legalInfo ?? [],
    logo_text: issuer.logoText ?? null,
    invoice_series: invoiceSeries,
    credit_note_series: creditNoteSeries,
    number_digits: wholeNumber('issuer.numbering.digits', numbering.digits ?? 6, 1, 12),
    yearly_numbering: numbering.yearly ?? true,
    payment_terms_days: wholeNumber('issuer.paymentTermsDays', issuer.paymentTermsDays ?? 14, 0, 365),
  };
}

function toRecord(row: Row): IssuerRecord {
  return {
    id: row.id as string,
    ...partyFieldsOf(row),
    legalRegistration: row.legal_registration as string | null,
    iban: row.iban as string | null,
    bic: row.bic as string | null,
    bankName: row.bank_name as string | null,
    contactName: row.contact_name as string | null,
    legalInfo: row.legal_info as string[],
    logoText: row.logo_text as string | null,
    numbering: {
      invoiceSeries: row.invoice_series as string,
      creditNoteSeries: row.credit_note_series as string,
      digits: row.number_digits as number,
      yearly: row.yearly_numbering as boolean,
    },
    paymentTermsDays: row.payment_terms_days as number,
    createdAt: iso(row.created_at as Date),
    updatedAt: iso(row.updated_at as Date),
  };
}

/** Creates or replaces an issuer. Idempotent. Numbers already issued keep their series. */
export async function upsertIssuer(db: Knex, issuer: IssuerInput): Promise<IssuerRecord> {
  const columns = columnsOf(issuer);
  const [row] = await db('issuers')
    .insert(columns)
    .onConflict('id')
    .merge({ ...columns, updated_at: db.fn.now() })
    .returning('*');
  return toRecord(row);
}

export async function getIssuer(db: Knex, id: string): Promise<IssuerRecord | undefined> {
  const row = await db('issuers').where({ id }).first();
  return row ? toRecord(row) : undefined;
}

/** The issuer, or an error naming the id that does not exist. */
export async function requireIssuer(db: Knex, id: string): Promise<IssuerRecord> {
  const issuer = await getIssuer(db, id);
  if (!issuer) throw new InvalidRecordError('issuerId', `no issuer ${JSON.stringify(id)}`);
  return issuer;
}
