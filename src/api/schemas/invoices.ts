// Request and response bodies of /v1/invoices, /v1/invoice-runs and /v1/exports. Money is ours here:
// exact decimal strings, already rounded to the currency's minor unit.
import { Type, type Static } from '@sinclair/typebox';
import { INVOICE_KINDS, INVOICE_STATUSES } from '../../db/migrations/002_invoicing';
import { EXPORT_FORMATS } from '../../export/streamFormats';
import { PageQuery } from '../paging';
import { ERROR_MESSAGE, Identifier, StringEnum } from './primitives';

/** A calendar date, YYYY-MM-DD. */
export const CalendarDate = (description: string) =>
  Type.String({
    pattern: '^\\d{4}-\\d{2}-\\d{2}$',
    [ERROR_MESSAGE]: 'expected a date YYYY-MM-DD, e.g. "2026-03-31"',
    description,
    examples: ['2026-03-31'],
  });

export const InvoiceNumberParams = Type.Object({
  number: Identifier({ description: 'The document number.', examples: ['INV-2026-000123'] }),
});

export const InvoiceNumberQuery = Type.Object(
  { issuerId: Type.Optional(Identifier({ description: 'Needed only when two issuers use the number.' })) },
  { additionalProperties: false },
);

export const InvoiceListQuery = Type.Object(
  {
    from: Type.Optional(CalendarDate('Issued on or after this date.')),
    to: Type.Optional(CalendarDate('Issued on or before this date (inclusive).')),
    status: Type.Optional(StringEnum(INVOICE_STATUSES)),
    kind: Type.Optional(StringEnum(INVOICE_KINDS)),
    customerId: Type.Optional(Identifier()),
    issuerId: Type.Optional(Identifier()),
    ...PageQuery,
  },
  { additionalProperties: false },
);

const Totals = Type.Object({
  net: Type.String({ examples: ['6.55'] }),
  vat: Type.String({ examples: ['1.24'] }),
  gross: Type.String({ examples: ['7.79'] }),
});

export const InvoiceView = Type.Object(
  {
    number: Type.String(),
    kind: Type.String({ description: 'invoice or credit_note' }),
    issuerId: Type.String(),
    customerId: Type.String(),
    issueDate: Type.String(),
    dueDate: Type.Union([Type.String(), Type.Null()]),
    servicePeriod: Type.Object({ start: Type.String(), end: Type.String() }),
    currency: Type.String(),
    totals: Totals,
    status: Type.String({ description: `Live status: ${INVOICE_STATUSES.join(', ')}.` }),
    creditedInvoice: Type.Union([Type.String(), Type.Null()], {
      description: 'Credit notes: the number of the invoice they correct.',
    }),
    sessions: Type.Integer({ description: 'Charging sessions on the document.' }),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { description: 'An issued invoice or credit note (the document itself: GET /v1/invoices/{number}).' },
);
export type InvoiceView = Static<typeof InvoiceView>;

export const InvoiceDetail = Type.Object(
  {
    ...InvoiceView.properties,
    document: Type.Record(Type.String(), Type.Unknown(), {
      description:
        'The document exactly as issued (src/invoice Invoice): lines, VAT breakdown, parties, payment as printed.',
    }),
    payments: Type.Array(
      Type.Object({
        paymentIntentId: Type.String(),
        state: Type.String({ description: 'As Stripe last reported it (webhooks move it on).' }),
        amountMinor: Type.Integer(),
        currency: Type.String(),
      }),
    ),
    emails: Type.Array(
      Type.Object({
        recipient: Type.String(),
        status: Type.String({ description: 'queued, sent or failed' }),
        attempts: Type.Integer(),
        lastError: Type.Union([Type.String(), Type.Null()]),
        sentAt: Type.Union([Type.String(), Type.Null()]),
      }),
    ),
  },
  { description: 'The document, its payments and its e-mail deliveries.' },
);

export const CreditNoteBody = Type.Object(
  {
    full: Type.Optional(Type.Literal(true, { description: 'Credit every session not credited yet.' })),
    lines: Type.Optional(
      Type.Array(Identifier(), { minItems: 1, description: 'Credit these sessions (session line ids).' }),
    ),
    reason: Identifier({ maxLength: 500, description: 'Printed on the credit note.' }),
    issueDate: Type.Optional(CalendarDate("Default: today in the issuer's time zone.")),
  },
  {
    additionalProperties: false,
    examples: [{ full: true, reason: 'Meter fault on EVSE DE*CLG*E0001*1' }],
  },
);
export type CreditNoteBody = Static<typeof CreditNoteBody>;

export const InvoiceRunBody = Type.Object(
  {
    customerId: Identifier({ description: 'A contract customer.' }),
    period: Type.Object(
      { start: CalendarDate('First day.'), end: CalendarDate('Last day (inclusive).') },
      { additionalProperties: false, description: "Dates in the customer's time zone." },
    ),
  },
  {
    additionalProperties: false,
    examples: [{ customerId: 'C-10042', period: { start: '2026-03-01', end: '2026-03-31' } }],
  },
);

export const ExportParams = Type.Object({
  dataset: StringEnum(['invoices', 'credit-notes', 'cdrs', 'datev'] as const, {
    description: 'datev: a DATEV Buchungsstapel (EXTF) of invoices and credit notes.',
  }),
});

export const ExportQuery = Type.Object(
  {
    from: CalendarDate('First day (inclusive).'),
    to: CalendarDate('Last day (inclusive).'),
    format: Type.Optional(StringEnum(EXPORT_FORMATS, { default: 'csv', description: 'Not for datev.' })),
    tz: Type.Optional(Identifier({ description: 'IANA zone CDR end times are read in; default UTC.' })),
    issuerId: Type.Optional(Identifier({ description: 'Only documents of this issuer.' })),
    consultant: Type.Optional(Type.Integer({ minimum: 1, description: 'datev: Beraternummer.' })),
    client: Type.Optional(Type.Integer({ minimum: 1, description: 'datev: Mandantennummer.' })),
    fiscalYearStart: Type.Optional(CalendarDate('datev: first day of the fiscal year (default 1 January).')),
    accountLength: Type.Optional(
      Type.Integer({ minimum: 4, maximum: 8, description: 'datev: Sachkontenlänge.' }),
    ),
    debtorAccount: Type.Optional(
      Type.String({ pattern: '^\\d+$', description: 'datev: collective debtor account.' }),
    ),
  },
  { additionalProperties: false },
);
export type ExportQuery = Static<typeof ExportQuery>;
