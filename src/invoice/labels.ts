// Printed words of invoices, credit notes and e-invoice notes, per language.
import type { Language, QuantityUnit } from './types';

export interface Labels {
  invoice: string;
  creditNote: string;
  number: string;
  issueDate: string;
  dueDate: string;
  servicePeriod: string;
  taxPointDate: string;
  customerNumber: string;
  contract: string;
  purchaseOrder: string;
  buyerReference: string;
  vatId: string;
  taxNumber: string;
  accountHolder: string;
  sessions: string;
  session: string;
  evse: string;
  energy: string;
  chargingTime: string;
  idleTime: string;
  description: string;
  quantity: string;
  unitPrice: string;
  vatRate: string;
  netAmount: string;
  sessionTotal: string;
  vatSummary: string;
  vatCategory: string;
  taxableAmount: string;
  vatAmount: string;
  totalNet: string;
  totalVat: string;
  totalGross: string;
  prepaid: string;
  amountDue: string;
  amountCredited: string;
  payment: string;
  tariff: string;
  notes: string;
  signedMeterData: string;
  meter: string;
  startReading: string;
  stopReading: string;
  attachment: string;
  bank: string;
  reference: string;
  continued: string;
  categoryNames: Record<'S' | 'Z' | 'E' | 'AE', string>;
  units: Record<QuantityUnit, string>;
  creditsInvoice(number: string, date: string): string;
  reverseCharge: string;
  paidByCard(card: string): string;
  paidByTransfer: string;
  refundedToCard(card: string): string;
  refundedByTransfer: string;
  payByTransfer(amount: string, dueDate: string): string;
  cardProcessing(amount: string, card: string): string;
  cardFailed(amount: string, dueDate: string): string;
  offsetCredit: string;
  verifyHint: string;
  page(page: number, pages: number): string;
}

const en: Labels = {
  invoice: 'Invoice',
  creditNote: 'Credit note',
  number: 'Number',
  issueDate: 'Issue date',
  dueDate: 'Due date',
  servicePeriod: 'Service period',
  taxPointDate: 'Tax point',
  customerNumber: 'Customer no.',
  contract: 'Contract',
  purchaseOrder: 'Purchase order',
  buyerReference: 'Your reference',
  vatId: 'VAT ID',
  taxNumber: 'Tax no.',
  accountHolder: 'Account holder',
  sessions: 'Charging sessions',
  session: 'Session',
  evse: 'EVSE',
  energy: 'Energy',
  chargingTime: 'Charging time',
  idleTime: 'Idle time',
  description: 'Description',
  quantity: 'Quantity',
  unitPrice: 'Unit price',
  vatRate: 'VAT',
  netAmount: 'Net amount',
  sessionTotal: 'Session total',
  vatSummary: 'VAT summary',
  vatCategory: 'Category',
  taxableAmount: 'Net amount',
  vatAmount: 'VAT amount',
  totalNet: 'Total net',
  totalVat: 'Total VAT',
  totalGross: 'Total',
  prepaid: 'Paid',
  amountDue: 'Amount due',
  amountCredited: 'Amount credited',
  payment: 'Payment',
  tariff: 'Your tariff',
  notes: 'Notes',
  signedMeterData: 'Signed meter data (calibration law)',
  meter: 'Meter',
  startReading: 'Start',
  stopReading: 'Stop',
  attachment: 'Attached file',
  bank: 'Bank',
  reference: 'Reference',
  continued: 'continued',
  categoryNames: { S: 'Standard rate', Z: 'Zero rated', E: 'Exempt', AE: 'Reverse charge' },
  units: { kWh: 'kWh', h: 'h', min: 'min', session: 'session' },
  creditsInvoice: (number, date) => `This credit note corrects invoice ${number} of ${date}.`,
  reverseCharge:
    'Reverse charge: the recipient is liable for the VAT (Article 196, Council Directive 2006/112/EC).',
  paidByCard: (card) => `Paid by card${card}. Nothing is left to pay.`,
  paidByTransfer: 'Paid by bank transfer. Nothing is left to pay.',
  refundedToCard: (card) => `The amount is refunded to your card${card}.`,
  refundedByTransfer: 'The amount is refunded to your bank account.',
  payByTransfer: (amount, dueDate) => `Please transfer ${amount} by ${dueDate}, quoting the reference below.`,
  cardProcessing: (amount, card) =>
    `The card payment of ${amount}${card ? ` from your card${card}` : ''} is being processed. There is nothing for you to do.`,
  cardFailed: (amount, dueDate) =>
    `The card payment did not go through. Please transfer ${amount} by ${dueDate}, quoting the reference below.`,
  offsetCredit: 'The amount is credited against your open invoice.',
  verifyHint:
    'The signed data is attached to this PDF; check it with the transparency software (e.g. S.A.F.E. Transparenzsoftware).',
  page: (page, pages) => `Page ${page} of ${pages}`,
};

const de: Labels = {
  invoice: 'Rechnung',
  creditNote: 'Rechnungskorrektur',
  number: 'Nummer',
  issueDate: 'Rechnungsdatum',
  dueDate: 'Fällig am',
  servicePeriod: 'Leistungszeitraum',
  taxPointDate: 'Steuerzeitpunkt',
  customerNumber: 'Kundennr.',
  contract: 'Vertrag',
  purchaseOrder: 'Bestellung',
  buyerReference: 'Ihre Referenz',
  vatId: 'USt-IdNr.',
  taxNumber: 'Steuernr.',
  accountHolder: 'Kontoinhaber',
  sessions: 'Ladevorgänge',
  session: 'Ladevorgang',
  evse: 'Ladepunkt',
  energy: 'Energie',
  chargingTime: 'Ladedauer',
  idleTime: 'Standzeit',
  description: 'Beschreibung',
  quantity: 'Menge',
  unitPrice: 'Einzelpreis',
  vatRate: 'USt.',
  netAmount: 'Netto',
  sessionTotal: 'Summe Ladevorgang',
  vatSummary: 'Umsatzsteuer',
  vatCategory: 'Kategorie',
  taxableAmount: 'Nettobetrag',
  vatAmount: 'Steuerbetrag',
  totalNet: 'Summe netto',
  totalVat: 'Umsatzsteuer',
  totalGross: 'Gesamtbetrag',
  prepaid: 'Bezahlt',
  amountDue: 'Zu zahlen',
  amountCredited: 'Gutgeschrieben',
  payment: 'Zahlung',
  tariff: 'Ihr Tarif',
  notes: 'Hinweise',
  signedMeterData: 'Signierte Messwerte (Eichrecht)',
  meter: 'Zähler',
  startReading: 'Start',
  stopReading: 'Ende',
  attachment: 'Angehängte Datei',
  bank: 'Bank',
  reference: 'Verwendungszweck',
  continued: 'Fortsetzung',
  categoryNames: {
    S: 'Regelsteuersatz',
    Z: 'Nullsatz',
    E: 'Steuerbefreit',
    AE: 'Steuerschuldnerschaft des Leistungsempfängers',
  },
  units: { kWh: 'kWh', h: 'Std.', min: 'Min.', session: 'Vorgang' },
  creditsInvoice: (number, date) => `Diese Rechnungskorrektur berichtigt die Rechnung ${number} vom ${date}.`,
  reverseCharge: 'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge, Art. 196 MwStSystRL).',
  paidByCard: (card) => `Bezahlt per Karte${card}. Es ist nichts mehr zu zahlen.`,
  paidByTransfer: 'Bezahlt per Überweisung. Es ist nichts mehr zu zahlen.',
  refundedToCard: (card) => `Der Betrag wird auf Ihre Karte${card} erstattet.`,
  refundedByTransfer: 'Der Betrag wird auf Ihr Bankkonto erstattet.',
  cardProcessing: (amount, card) =>
    `Die Kartenzahlung über ${amount}${card ? ` mit Ihrer Karte${card}` : ''} wird bearbeitet. Sie müssen nichts tun.`,
  payByTransfer: (amount, dueDate) =>
    `Bitte überweisen Sie ${amount} bis zum ${dueDate} unter Angabe des Verwendungszwecks.`,
  cardFailed: (amount, dueDate) =>
    `Die Kartenzahlung ist fehlgeschlagen. Bitte überweisen Sie ${amount} bis zum ${dueDate} unter Angabe des Verwendungszwecks.`,
  offsetCredit: 'Der Betrag wird mit Ihrer offenen Rechnung verrechnet.',
  verifyHint:
    'Die signierten Daten sind dieser PDF-Datei angehängt; prüfen Sie sie mit der Transparenzsoftware (z. B. S.A.F.E.).',
  page: (page, pages) => `Seite ${page} von ${pages}`,
};

const LABELS: Record<Language, Labels> = { en, de };

export function labelsFor(language: Language): Labels {
  return LABELS[language];
}
