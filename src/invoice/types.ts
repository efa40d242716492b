// The invoice domain: what a caller hands in (drafts) and what computeInvoice returns.
// Money, quantities and rates are decimal strings so no layer rounds them by accident;
// instants are ISO 8601 strings with an offset, calendar dates are "YYYY-MM-DD".

/** Languages the documents are printed in. */
export type Language = 'en' | 'de';

/** EN 16931 VAT category (UNTDID 5305): standard, zero-rated, exempt, reverse charge. */
export type VatCategory = 'S' | 'Z' | 'E' | 'AE';

/** Units a priced component is billed in (UN/ECE Rec. 20: KWH, HUR, MIN, C62). */
export type QuantityUnit = 'kWh' | 'h' | 'min' | 'session';

export type InvoiceKind = 'invoice' | 'credit_note';

/** paid: settled (card captured, or refunded for a credit note); open: awaiting a bank transfer; failed: the card charge failed, so it is open for transfer. */
export type PaymentStatus = 'paid' | 'open' | 'failed';

export type PaymentMethod = 'card' | 'bank_transfer';

/** domestic: each component's own VAT; reverse_charge: B2B across EU borders, VAT owed by the customer (category AE). */
export type VatTreatment = 'domestic' | 'reverse_charge';

export interface PostalAddress {
  /** Street and further address lines, in print order (at most three are carried into e-invoices). */
  lines: string[];
  postalCode: string;
  city: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
}

export interface Party {
  name: string;
  address: PostalAddress;
  /** VAT identifier with country prefix, e.g. DE123456789 (EN 16931 BT-31 / BT-48). */
  vatId?: string;
  /** National tax number, e.g. a German Steuernummer (BT-32). */
  taxRegistration?: string;
  /** Legal registration, e.g. "HRB 12345, Amtsgericht München" (BT-30 / BT-47). */
  legalRegistration?: string;
  email?: string;
  phone?: string;
  language?: Language;
  /** IANA zone the party reads dates in. */
  timeZone?: string;
}

export interface Issuer extends Party {
  iban?: string;
  bic?: string;
  bankName?: string;
  /** Person or department to contact about the invoice (BT-41). */
  contactName?: string;
  /** Free legal lines for the footer: managing directors, register court, ... (BT-33 takes the first). */
  legalInfo?: string[];
}

export interface Customer extends Party {
  /** business customers get EN 16931 e-invoices (Factur-X inside the PDF). */
  kind: 'business' | 'consumer';
  /** The issuer's customer number (BT-46). */
  id?: string;
}

/** One signed meter reading as printed for the driver, e.g. from an OCMF RD entry. */
export interface SignedReading {
  time: string;
  value: string;
  unit: string;
  /** OCMF status, e.g. G (good). */
  status?: string;
}

/** Eichrecht signed meter data of a session, verbatim from the charger (OCMF or another format). */
export interface SignedMeterData {
  /** e.g. OCMF. */
  format: string;
  meterId?: string;
  publicKey?: string;
  publicKeyEncoding?: 'hex' | 'base64' | 'plain';
  start?: SignedReading;
  stop?: SignedReading;
  /** Raw signed datasets exactly as signed (one string holding begin and end, or one per context). */
  values: { context: string; signedData: string }[];
}

export interface ChargingLocation {
  name: string;
  address?: string;
}

/** A priced part of a session as the rating engine produced it. */
export interface PricedComponentDraft {
  /** What is charged, in the invoice language, e.g. "Energy 07:00–22:00". */
  description: string;
  /** Billed volume in `unit`; negative in a credit note. */
  quantity: string;
  unit: QuantityUnit;
  /** Price per unit excluding VAT; never negative (EN 16931 BR-27). */
  unitPrice: string;
  /**
   * Exact net amount before rounding when it is not simply quantity × unitPrice (a time price on
   * seconds, a min/max price adjustment). Omitted: quantity × unitPrice.
   */
  exactAmount?: string;
  /** VAT percentage, e.g. "19". */
  vatRate: string;
  /** Default: S when the rate is above zero, Z at zero. Reverse charge overrides it with AE. */
  vatCategory?: VatCategory;
  /** Required for E; the reason printed and carried as BT-120. */
  vatExemptionReason?: string;
}

/** One charging session on the invoice. */
export interface SessionLineDraft {
  /** Session id, unique within the invoice. */
  id: string;
  cdrId?: string;
  location: ChargingLocation;
  evseId: string;
  chargerId?: string;
  /** ISO 8601 instants. */
  start: string;
  end: string;
  energyKwh: string;
  /** Charging and idle (parking) time in whole seconds. */
  chargingSeconds: number;
  idleSeconds: number;
  components: PricedComponentDraft[];
  signedMeterData?: SignedMeterData;
}

export interface PaymentInfo {
  status: PaymentStatus;
  method: PaymentMethod;
  /** Remittance reference the customer quotes on a transfer (BT-83); default: the invoice number. */
  reference?: string;
  /** Last digits of the card (never the full PAN, BR-51). */
  cardLast4?: string;
  cardBrand?: string;
  cardHolder?: string;
}

export interface InvoiceReferences {
  contractId?: string;
  purchaseOrder?: string;
  /** BT-10: the buyer's routing reference (XRechnung Leitweg-ID); default: the customer id or number. */
  buyerReference?: string;
}

export interface CreditedInvoiceReference {
  number: string;
  issueDate: string;
}

export interface DatePeriod {
  start: string;
  end: string;
}

/** What an invoice and its draft share: identity, dates, parties, currency and payment. */
interface DocumentFields {
  kind: InvoiceKind;
  number: string;
  series?: string;
  issueDate: string;
  /** Required when an amount is due (BR-CO-25). */
  dueDate?: string;
  taxPointDate?: string;
  /** ISO 4217; one currency per invoice. */
  currency: string;
  issuer: Issuer;
  customer: Customer;
  payment: PaymentInfo;
  /** Credit notes only: the invoice being corrected (BT-25, BT-26). */
  creditedInvoice?: CreditedInvoiceReference;
  /** Issued by the customer on the issuer's behalf (self-billing, e.g. roaming settlement): type code 389. */
  selfBilled?: boolean;
}

/** Everything computeInvoice needs; it derives every amount. */
export interface InvoiceDraft extends DocumentFields {
  /** Default: first session start to last session end, as local dates. */
  servicePeriod?: DatePeriod;
  /** Zone for local dates and times; default: the customer's, else the issuer's, else UTC. */
  timeZone?: string;
  vatTreatment?: VatTreatment;
  lines: SessionLineDraft[];
  references?: InvoiceReferences;
  notes?: string[];
  /** AFIR plain-words tariff description, printed as given. */
  tariffSummary?: string[];
}

export interface PricedComponent extends PricedComponentDraft {
  /** EN 16931 invoice line id (BT-126), e.g. "3.2" for the second component of the third session. */
  lineId: string;
  vatCategory: VatCategory;
  /** Rounded once to the currency's minor units. */
  netAmount: string;
}

export interface SessionLine extends SessionLineDraft {
  components: PricedComponent[];
  /** Sum of the components' rounded net amounts. */
  netAmount: string;
}

export interface VatBreakdown {
  category: VatCategory;
  rate: string;
  /** Sum of the rounded line nets in this category and rate (BT-116). */
  taxableAmount: string;
  /** taxableAmount × rate / 100, rounded once (BT-117). */
  vatAmount: string;
  exemptionReason?: string;
  /** VATEX code (BT-121), set for reverse charge. */
  exemptionReasonCode?: string;
}

export interface InvoiceTotals {
  /** Sum of line nets (BT-106 = BT-109). */
  net: string;
  /** Sum of the VAT amounts per category and rate (BT-110). */
  vat: string;
  /** net + vat (BT-112). */
  gross: string;
  /** Already paid by card (BT-113). */
  prepaid: string;
  /** gross − prepaid (BT-115). */
  due: string;
}

/** A computed invoice or credit note: every amount rounded, every rule checked. Credit note amounts are negative. */
export interface Invoice extends DocumentFields {
  servicePeriod: DatePeriod;
  timeZone: string;
  language: Language;
  vatTreatment: VatTreatment;
  lines: SessionLine[];
  vatBreakdown: VatBreakdown[];
  totals: InvoiceTotals;
  references: InvoiceReferences;
  notes: string[];
  tariffSummary: string[];
}
