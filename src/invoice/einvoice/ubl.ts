// OASIS UBL 2.1 Invoice / CreditNote for XRechnung 3.0 (EN 16931 CIUS). Same line model as CII:
// one UBL line per priced component, its note naming the session.
import type { Invoice, Issuer, Party, PricedComponent, SessionLine } from '../types';
import { xmlDocument, type XmlElement } from '../xmlDocument';
import {
  assertEn16931Currency,
  documentSign,
  documentTypeCode,
  paymentMeansCode,
  sessionFacts,
  type SessionFacts,
  UNIT_CODES,
} from './common';

export const XRECHNUNG_3_CUSTOMIZATION =
  'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0';

const NAMESPACES = {
  '@xmlns:cac': 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2',
  '@xmlns:cbc': 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2',
};

type Sign = (value: string) => string;

export function renderUblXml(invoice: Invoice): string {
  return xmlDocument(ublTree(invoice));
}

/** The UBL document in xmlbuilder2's object notation (see xmlDocument.ts). */
export function ublTree(invoice: Invoice): XmlElement {
  assertEn16931Currency(invoice);
  const credit = invoice.kind === 'credit_note';
  const sign = documentSign(invoice);
  const amount = (value: string) => ({ '@currencyID': invoice.currency, '#': sign(value) });
  const { references, totals } = invoice;

  // Element order follows the UBL 2.1 Invoice and CreditNote schemas, which differ in places.
  const body = {
    '@xmlns': `urn:oasis:names:specification:ubl:schema:xsd:${credit ? 'CreditNote' : 'Invoice'}-2`,
    ...NAMESPACES,
    'cbc:CustomizationID': XRECHNUNG_3_CUSTOMIZATION,
    'cbc:ID': invoice.number,
    'cbc:IssueDate': invoice.issueDate,
    'cbc:DueDate': credit ? undefined : invoice.dueDate,
    ...(credit
      ? { 'cbc:TaxPointDate': invoice.taxPointDate, 'cbc:CreditNoteTypeCode': documentTypeCode(invoice) }
      : { 'cbc:InvoiceTypeCode': documentTypeCode(invoice) }),
    'cbc:Note': invoice.notes,
    'cbc:TaxPointDate': credit ? undefined : invoice.taxPointDate,
    'cbc:DocumentCurrencyCode': invoice.currency,
    'cbc:BuyerReference': references.buyerReference,
    'cac:InvoicePeriod': {
      'cbc:StartDate': invoice.servicePeriod.start,
      'cbc:EndDate': invoice.servicePeriod.end,
    },
    'cac:OrderReference': references.purchaseOrder ? { 'cbc:ID': references.purchaseOrder } : undefined,
    'cac:BillingReference': invoice.creditedInvoice
      ? {
          'cac:InvoiceDocumentReference': {
            'cbc:ID': invoice.creditedInvoice.number,
            'cbc:IssueDate': invoice.creditedInvoice.issueDate,
          },
        }
      : undefined,
    'cac:ContractDocumentReference': references.contractId ? { 'cbc:ID': references.contractId } : undefined,
    'cac:AccountingSupplierParty': {
      'cac:Party': party(invoice.issuer, {
        legalInfo: invoice.issuer.legalInfo,
        contact: contact(invoice.issuer),
      }),
    },
    'cac:AccountingCustomerParty': { 'cac:Party': party(invoice.customer, { id: invoice.customer.id }) },
    'cac:PaymentMeans': paymentMeans(invoice, credit),
    'cac:TaxTotal': {
      'cbc:TaxAmount': amount(totals.vat),
      'cac:TaxSubtotal': invoice.vatBreakdown.map((group) => ({
        'cbc:TaxableAmount': amount(group.taxableAmount),
        'cbc:TaxAmount': amount(group.vatAmount),
        'cac:TaxCategory': {
          'cbc:ID': group.category,
          'cbc:Percent': group.rate,
          'cbc:TaxExemptionReasonCode': group.exemptionReasonCode,
          'cbc:TaxExemptionReason': group.exemptionReason,
          'cac:TaxScheme': { 'cbc:ID': 'VAT' },
        },
      })),
    },
    'cac:LegalMonetaryTotal': {
      'cbc:LineExtensionAmount': amount(totals.net),
      'cbc:TaxExclusiveAmount': amount(totals.net),
      'cbc:TaxInclusiveAmount': amount(totals.gross),
      'cbc:PrepaidAmount': amount(totals.prepaid),
      'cbc:PayableAmount': amount(totals.due),
    },
    [credit ? 'cac:CreditNoteLine' : 'cac:InvoiceLine']: invoice.lines.flatMap((line) => {
      const facts = sessionFacts(line, invoice.timeZone);
      return line.components.map((component) => invoiceLine(invoice, line, facts, component, credit, sign));
    }),
  };
  return { [credit ? 'CreditNote' : 'Invoice']: body };
}

function invoiceLine(
  invoice: Invoice,
  line: SessionLine,
  facts: SessionFacts,
  component: PricedComponent,
  credit: boolean,
  sign: Sign,
) {
  const amount = (value: string) => ({ '@currencyID': invoice.currency, '#': sign(value) });
  return {
    'cbc:ID': component.lineId,
    'cbc:Note': facts.note,
    [credit ? 'cbc:CreditedQuantity' : 'cbc:InvoicedQuantity']: {
      '@unitCode': UNIT_CODES[component.unit],
      '#': sign(component.quantity),
    },
    'cbc:LineExtensionAmount': amount(component.netAmount),
    'cac:InvoicePeriod': {
      'cbc:StartDate': facts.startDate,
      'cbc:EndDate': facts.endDate,
    },
    // BT-128: the session the line bills, as an invoiced object identifier.
    'cac:DocumentReference': { 'cbc:ID': line.id, 'cbc:DocumentTypeCode': '130' },
    'cac:Item': {
      'cbc:Name': component.description,
      'cac:ClassifiedTaxCategory': {
        'cbc:ID': component.vatCategory,
        'cbc:Percent': component.vatRate,
        'cac:TaxScheme': { 'cbc:ID': 'VAT' },
      },
    },
    'cac:Price': { 'cbc:PriceAmount': { '@currencyID': invoice.currency, '#': component.unitPrice } },
  };
}

function party(party: Party, extra: { id?: string; legalInfo?: string[]; contact?: XmlElement }) {
  const [street, additional, line3] = party.address.lines;
  return {
    'cbc:EndpointID': party.email ? { '@schemeID': 'EM', '#': party.email } : undefined,
    'cac:PartyIdentification': extra.id ? { 'cbc:ID': extra.id } : undefined,
    'cac:PostalAddress': {
      'cbc:StreetName': street,
      'cbc:AdditionalStreetName': additional,
      'cbc:CityName': party.address.city,
      'cbc:PostalZone': party.address.postalCode,
      'cac:AddressLine': line3 ? { 'cbc:Line': line3 } : undefined,
      'cac:Country': { 'cbc:IdentificationCode': party.address.country },
    },
    'cac:PartyTaxScheme': [
      ...(party.vatId ? [{ 'cbc:CompanyID': party.vatId, 'cac:TaxScheme': { 'cbc:ID': 'VAT' } }] : []),
      ...(party.taxRegistration
        ? [{ 'cbc:CompanyID': party.taxRegistration, 'cac:TaxScheme': { 'cbc:ID': 'FC' } }]
        : []),
    ],
    'cac:PartyLegalEntity': {
      'cbc:RegistrationName': party.name,
      'cbc:CompanyID': party.legalRegistration,
      'cbc:CompanyLegalForm': extra.legalInfo?.join('; '),
    },
    'cac:Contact': extra.contact,
  };
}

function contact(issuer: Issuer) {
  if (!issuer.contactName && !issuer.phone && !issuer.email) return undefined;
  return {
    'cbc:Name': issuer.contactName,
    'cbc:Telephone': issuer.phone,
    'cbc:ElectronicMail': issuer.email,
  };
}

function paymentMeans(invoice: Invoice, credit: boolean) {
  const { payment, issuer } = invoice;
  const code = paymentMeansCode(invoice);
  return {
    'cbc:PaymentMeansCode': code,
    'cbc:PaymentDueDate': credit ? invoice.dueDate : undefined,
    'cbc:PaymentID': payment.reference,
    'cac:CardAccount':
      code === '48' && payment.cardLast4
        ? {
            'cbc:PrimaryAccountNumberID': payment.cardLast4,
            'cbc:NetworkID': payment.cardBrand ?? 'card',
            'cbc:HolderName': payment.cardHolder,
          }
        : undefined,
    'cac:PayeeFinancialAccount':
      code === '58'
        ? {
            'cbc:ID': issuer.iban,
            'cbc:Name': issuer.name,
            'cac:FinancialInstitutionBranch': issuer.bic ? { 'cbc:ID': issuer.bic } : undefined,
          }
        : undefined,
  };
}
