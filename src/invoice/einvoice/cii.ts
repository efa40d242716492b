// UN/CEFACT Cross Industry Invoice D16B, EN 16931 profile (the XML inside Factur-X / ZUGFeRD).
// Each priced component of each session is one EN 16931 invoice line; the line note names the session.
import type { Invoice, Issuer, Party, PricedComponent, SessionLine } from '../types';
import { xmlDocument, type XmlElement } from '../xmlDocument';
import {
  assertEn16931Currency,
  compactDate,
  documentSign,
  documentTypeCode,
  paymentMeansCode,
  sessionFacts,
  type SessionFacts,
  UNIT_CODES,
} from './common';

const NAMESPACES = {
  '@xmlns:rsm': 'urn:un:unece:uncefact:data:standard:CrossIndustryInvoice:100',
  '@xmlns:qdt': 'urn:un:unece:uncefact:data:standard:QualifiedDataType:100',
  '@xmlns:ram': 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100',
  '@xmlns:udt': 'urn:un:unece:uncefact:data:standard:UnqualifiedDataType:100',
};

/** Factur-X / ZUGFeRD EN 16931 (COMFORT) guideline id (BT-24). */
export const CII_GUIDELINE_EN16931 = 'urn:cen.eu:en16931:2017';

type Sign = (value: string) => string;

export function renderCiiXml(invoice: Invoice): string {
  return xmlDocument(ciiTree(invoice));
}

/** The CII document in xmlbuilder2's object notation (see xmlDocument.ts). */
export function ciiTree(invoice: Invoice): XmlElement {
  assertEn16931Currency(invoice);
  const sign = documentSign(invoice);
  return {
    'rsm:CrossIndustryInvoice': {
      ...NAMESPACES,
      'rsm:ExchangedDocumentContext': {
        'ram:GuidelineSpecifiedDocumentContextParameter': { 'ram:ID': CII_GUIDELINE_EN16931 },
      },
      'rsm:ExchangedDocument': {
        'ram:ID': invoice.number,
        'ram:TypeCode': documentTypeCode(invoice),
        'ram:IssueDateTime': dateTime('udt', invoice.issueDate),
        'ram:IncludedNote': invoice.notes.map((note) => ({ 'ram:Content': note })),
      },
      'rsm:SupplyChainTradeTransaction': {
        'ram:IncludedSupplyChainTradeLineItem': invoice.lines.flatMap((line) => {
          const facts = sessionFacts(line, invoice.timeZone);
          return line.components.map((component) => lineItem(line, facts, component, sign));
        }),
        'ram:ApplicableHeaderTradeAgreement': agreement(invoice),
        'ram:ApplicableHeaderTradeDelivery': {},
        'ram:ApplicableHeaderTradeSettlement': settlement(invoice, sign),
      },
    },
  };
}

function dateTime(prefix: 'udt' | 'qdt', isoDate: string) {
  return { [`${prefix}:DateTimeString`]: { '@format': '102', '#': compactDate(isoDate) } };
}

function lineItem(line: SessionLine, facts: SessionFacts, component: PricedComponent, sign: Sign) {
  return {
    'ram:AssociatedDocumentLineDocument': {
      'ram:LineID': component.lineId,
      'ram:IncludedNote': { 'ram:Content': facts.note },
    },
    'ram:SpecifiedTradeProduct': { 'ram:Name': component.description },
    'ram:SpecifiedLineTradeAgreement': {
      'ram:NetPriceProductTradePrice': { 'ram:ChargeAmount': component.unitPrice },
    },
    'ram:SpecifiedLineTradeDelivery': {
      'ram:BilledQuantity': { '@unitCode': UNIT_CODES[component.unit], '#': sign(component.quantity) },
    },
    'ram:SpecifiedLineTradeSettlement': {
      'ram:ApplicableTradeTax': {
        'ram:TypeCode': 'VAT',
        'ram:CategoryCode': component.vatCategory,
        'ram:RateApplicablePercent': component.vatRate,
      },
      'ram:BillingSpecifiedPeriod': {
        'ram:StartDateTime': dateTime('udt', facts.startDate),
        'ram:EndDateTime': dateTime('udt', facts.endDate),
      },
      'ram:SpecifiedTradeSettlementLineMonetarySummation': {
        'ram:LineTotalAmount': sign(component.netAmount),
      },
      // BT-128: the session the line bills, as an invoiced object identifier.
      'ram:AdditionalReferencedDocument': { 'ram:IssuerAssignedID': line.id, 'ram:TypeCode': '130' },
    },
  };
}

function agreement(invoice: Invoice) {
  const { issuer, customer, references } = invoice;
  return {
    'ram:BuyerReference': references.buyerReference,
    'ram:SellerTradeParty': {
      'ram:Name': issuer.name,
      'ram:Description': issuer.legalInfo?.join('; '),
      'ram:SpecifiedLegalOrganization': issuer.legalRegistration
        ? { 'ram:ID': issuer.legalRegistration }
        : undefined,
      'ram:DefinedTradeContact': contact(issuer),
      ...addressAndTax(issuer),
    },
    'ram:BuyerTradeParty': {
      'ram:ID': customer.id,
      'ram:Name': customer.name,
      'ram:SpecifiedLegalOrganization': customer.legalRegistration
        ? { 'ram:ID': customer.legalRegistration }
        : undefined,
      ...addressAndTax(customer),
    },
    'ram:BuyerOrderReferencedDocument': references.purchaseOrder
      ? { 'ram:IssuerAssignedID': references.purchaseOrder }
      : undefined,
    'ram:ContractReferencedDocument': references.contractId
      ? { 'ram:IssuerAssignedID': references.contractId }
      : undefined,
  };
}

function contact(issuer: Issuer) {
  if (!issuer.contactName && !issuer.phone && !issuer.email) return undefined;
  return {
    'ram:PersonName': issuer.contactName,
    'ram:TelephoneUniversalCommunication': issuer.phone ? { 'ram:CompleteNumber': issuer.phone } : undefined,
    'ram:EmailURIUniversalCommunication': issuer.email ? { 'ram:URIID': issuer.email } : undefined,
  };
}

function addressAndTax(party: Party) {
  const [lineOne, lineTwo, lineThree] = party.address.lines;
  return {
    'ram:PostalTradeAddress': {
      'ram:PostcodeCode': party.address.postalCode,
      'ram:LineOne': lineOne,
      'ram:LineTwo': lineTwo,
      'ram:LineThree': lineThree,
      'ram:CityName': party.address.city,
      'ram:CountryID': party.address.country,
    },
    'ram:URIUniversalCommunication': party.email
      ? { 'ram:URIID': { '@schemeID': 'EM', '#': party.email } }
      : undefined,
    'ram:SpecifiedTaxRegistration': [
      ...(party.vatId ? [{ 'ram:ID': { '@schemeID': 'VA', '#': party.vatId } }] : []),
      ...(party.taxRegistration ? [{ 'ram:ID': { '@schemeID': 'FC', '#': party.taxRegistration } }] : []),
    ],
  };
}

function settlement(invoice: Invoice, sign: Sign) {
  const { totals, payment, issuer, currency } = invoice;
  const means = paymentMeansCode(invoice);
  return {
    'ram:PaymentReference': payment.reference,
    'ram:InvoiceCurrencyCode': currency,
    'ram:SpecifiedTradeSettlementPaymentMeans': {
      'ram:TypeCode': means,
      'ram:ApplicableTradeSettlementFinancialCard':
        means === '48' && payment.cardLast4
          ? { 'ram:ID': payment.cardLast4, 'ram:CardholderName': payment.cardHolder }
          : undefined,
      'ram:PayeePartyCreditorFinancialAccount': means === '58' ? { 'ram:IBANID': issuer.iban } : undefined,
      'ram:PayeeSpecifiedCreditorFinancialInstitution':
        means === '58' && issuer.bic ? { 'ram:BICID': issuer.bic } : undefined,
    },
    'ram:ApplicableTradeTax': invoice.vatBreakdown.map((group, index) => ({
      'ram:CalculatedAmount': sign(group.vatAmount),
      'ram:TypeCode': 'VAT',
      'ram:ExemptionReason': group.exemptionReason,
      'ram:BasisAmount': sign(group.taxableAmount),
      'ram:CategoryCode': group.category,
      'ram:ExemptionReasonCode': group.exemptionReasonCode,
      // BT-7 appears once (CII-SR-461): on the first VAT group.
      'ram:TaxPointDate':
        index === 0 && invoice.taxPointDate
          ? { 'udt:DateString': { '@format': '102', '#': compactDate(invoice.taxPointDate) } }
          : undefined,
      'ram:RateApplicablePercent': group.rate,
    })),
    'ram:BillingSpecifiedPeriod': {
      'ram:StartDateTime': dateTime('udt', invoice.servicePeriod.start),
      'ram:EndDateTime': dateTime('udt', invoice.servicePeriod.end),
    },
    'ram:SpecifiedTradePaymentTerms': invoice.dueDate
      ? { 'ram:DueDateDateTime': dateTime('udt', invoice.dueDate) }
      : undefined,
    'ram:SpecifiedTradeSettlementHeaderMonetarySummation': {
      'ram:LineTotalAmount': sign(totals.net),
      'ram:TaxBasisTotalAmount': sign(totals.net),
      'ram:TaxTotalAmount': { '@currencyID': currency, '#': sign(totals.vat) },
      'ram:GrandTotalAmount': sign(totals.gross),
      'ram:TotalPrepaidAmount': sign(totals.prepaid),
      'ram:DuePayableAmount': sign(totals.due),
    },
    'ram:InvoiceReferencedDocument': invoice.creditedInvoice
      ? {
          'ram:IssuerAssignedID': invoice.creditedInvoice.number,
          'ram:FormattedIssueDateTime': dateTime('qdt', invoice.creditedInvoice.issueDate),
        }
      : undefined,
  };
}
