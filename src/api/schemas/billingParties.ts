// Request bodies of /v1/issuers and /v1/customers: who invoices and who is invoiced. Formats are checked
// here; the rules between fields (a card customer needs its Stripe customer, an IBAN must look like
// one, a known time zone and currency) by src/db, which names the field at fault.
import { Type } from '@sinclair/typebox';
import {
  BILLING_MODES,
  CONTRACT_PERIODS,
  CUSTOMER_KINDS,
  LANGUAGES,
  PAYMENT_METHODS,
  VAT_TREATMENTS,
} from '../../db/migrations/002_invoicing';
import { ERROR_MESSAGE, Identifier, Nullable, StringEnum } from './primitives';

export const IssuerIdParams = Type.Object({
  id: Identifier({ description: 'Issuer id.', examples: ['voltwerk'] }),
});
export const CustomerIdParams = Type.Object({
  id: Identifier({ description: "The issuer's customer number.", examples: ['C-10042'] }),
});
export const CustomerTokenParams = Type.Object({
  id: Identifier({ description: "The issuer's customer number." }),
  uid: Identifier({ maxLength: 36, description: 'Token uid.' }),
});

const Text = (description: string) => Identifier({ description });
const Optional = (description: string) => Type.Optional(Nullable(Identifier({ description })));

const party = {
  name: Text('Legal name, as printed.'),
  addressLines: Type.Array(Identifier(), {
    minItems: 1,
    description: 'Street and further lines, in print order.',
  }),
  postalCode: Text('Postal code.'),
  city: Text('City.'),
  country: Type.String({
    pattern: '^[A-Z]{2}$',
    [ERROR_MESSAGE]: 'expected ISO 3166-1 alpha-2, e.g. "DE"',
    description: 'ISO 3166-1 alpha-2.',
  }),
  vatId: Optional('VAT id with country prefix, e.g. DE123456789.'),
  taxRegistration: Optional('National tax number (Steuernummer).'),
  email: Optional('Where documents are e-mailed (customers) or sent from (issuers).'),
  phone: Optional('Phone.'),
  language: Type.Optional(
    StringEnum(LANGUAGES, { description: 'Language of documents and e-mails; default en.' }),
  ),
  timeZone: Type.Optional(Identifier({ description: 'IANA zone for dates on documents; default UTC.' })),
  currency: Type.String({
    pattern: '^[A-Z]{3}$',
    [ERROR_MESSAGE]: 'expected an ISO 4217 code, e.g. "EUR"',
    description: 'ISO 4217.',
  }),
};

export const PutIssuerBody = Type.Object(
  {
    ...party,
    legalRegistration: Optional('e.g. "HRB 12345, Amtsgericht München".'),
    iban: Optional('Printed on invoices left open for bank transfer.'),
    bic: Optional('BIC.'),
    bankName: Optional('Bank name.'),
    contactName: Optional('Contact for questions about invoices.'),
    legalInfo: Type.Optional(Type.Array(Identifier(), { description: 'Footer lines.' })),
    logoText: Optional('The name in the document head when it differs from the legal name.'),
    numbering: Type.Optional(
      Type.Object(
        {
          invoiceSeries: Type.Optional(Identifier({ description: 'Default INV.' })),
          creditNoteSeries: Type.Optional(Identifier({ description: 'Default CN.' })),
          digits: Type.Optional(Type.Integer({ minimum: 1, maximum: 12, description: 'Default 6.' })),
          yearly: Type.Optional(Type.Boolean({ description: 'INV-2026-000001 (default) or INV-000001.' })),
        },
        { additionalProperties: false, description: 'Numbers already issued keep their series.' },
      ),
    ),
    paymentTermsDays: Type.Optional(Type.Integer({ minimum: 0, maximum: 365, description: 'Default 14.' })),
  },
  {
    additionalProperties: false,
    examples: [
      {
        name: 'Voltwerk Ladenetz GmbH',
        addressLines: ['Ladestraße 12'],
        postalCode: '80331',
        city: 'München',
        country: 'DE',
        vatId: 'DE811907980',
        email: 'billing@voltwerk.example',
        iban: 'DE02120300000000202051',
        timeZone: 'Europe/Berlin',
        currency: 'EUR',
      },
    ],
  },
);

export const PutCustomerBody = Type.Object(
  {
    ...party,
    issuerId: Identifier({ description: 'The issuer invoicing this customer.' }),
    kind: StringEnum(CUSTOMER_KINDS, {
      description: 'business customers get EN 16931 e-invoices (Factur-X).',
    }),
    paymentMethod: Type.Optional(
      StringEnum(PAYMENT_METHODS, {
        description: 'card: through Stripe (stripeCustomerId required). Default bank_transfer.',
      }),
    ),
    stripeCustomerId: Optional('Stripe customer (cus_…).'),
    stripePaymentMethodId: Optional(
      'Saved payment method (pm_…): held at session start (ad hoc) or charged off-session (contract).',
    ),
    billingMode: Type.Optional(
      StringEnum(BILLING_MODES, {
        description: 'ad_hoc: an invoice per session (default); contract: one per period.',
      }),
    ),
    contractPeriod: Type.Optional(StringEnum(CONTRACT_PERIODS, { description: 'Default monthly.' })),
    vatTreatment: Type.Optional(StringEnum(VAT_TREATMENTS, { description: 'Default domestic.' })),
    buyerReference: Optional('EN 16931 BT-10, e.g. an XRechnung Leitweg-ID.'),
    datevAccount: Optional('Debtor account in DATEV exports.'),
  },
  {
    additionalProperties: false,
    examples: [
      {
        issuerId: 'voltwerk',
        kind: 'business',
        name: 'Flottenservice Nord AG',
        addressLines: ['Hafenweg 3'],
        postalCode: '20457',
        city: 'Hamburg',
        country: 'DE',
        email: 'ap@flotte-nord.example',
        timeZone: 'Europe/Berlin',
        currency: 'EUR',
        billingMode: 'contract',
      },
    ],
  },
);

/** Issuers and customers come back as stored: the request's fields plus timestamps. */
export const PartyView = Type.Record(Type.String(), Type.Unknown(), { description: 'As stored.' });
