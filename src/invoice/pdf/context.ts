// What every section of the PDF needs: the document, the invoice and its language.
import { formatDate, formatMoney } from '../format';
import { labelsFor, type Labels } from '../labels';
import type { Invoice, Language } from '../types';

export interface PdfContext {
  doc: PDFKit.PDFDocument;
  invoice: Invoice;
  language: Language;
  labels: Labels;
  money(amount: string): string;
  date(isoDate: string): string;
}

export function pdfContext(doc: PDFKit.PDFDocument, invoice: Invoice, language: Language): PdfContext {
  return {
    doc,
    invoice,
    language,
    labels: labelsFor(language),
    money: (amount) => formatMoney(amount, invoice.currency, language),
    date: (isoDate) => formatDate(isoDate, language),
  };
}

/** IBAN in groups of four, as printed on paper. */
export function groupedIban(iban: string): string {
  return iban.replace(/(.{4})(?=.)/g, '$1 ');
}

const regionNames = new Map<Language, Intl.DisplayNames>();

export function countryName(code: string, language: Language): string {
  let names = regionNames.get(language);
  if (!names) {
    names = new Intl.DisplayNames([language], { type: 'region' });
    regionNames.set(language, names);
  }
  return names.of(code) ?? code;
}
