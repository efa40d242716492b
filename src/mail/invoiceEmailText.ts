// The words of the invoice e-mail, in English and German. Amounts are formatted by Intl from the exact
// decimal string (never through a float), with the currency's ISO number of decimals.
import { minorUnitExponent } from '../money/currency';

export type InvoiceEmailLanguage = 'en' | 'de';

export interface InvoiceEmailWording {
  subject: string;
  greeting: string;
  /** Paragraphs between greeting and closing. */
  paragraphs: string[];
  closing: string;
  signature: string;
}

export interface WordingFacts {
  invoiceNumber: string;
  issuerName: string;
  customerName: string;
  /** The invoice total as a decimal string, already rounded to the currency's minor unit. */
  total: string;
  currency: string;
  withXml: boolean;
}

const LOCALE: Record<InvoiceEmailLanguage, string> = { en: 'en-GB', de: 'de-DE' };

/** German for any de-* tag, English otherwise (the fallback for languages without a translation). */
export function invoiceEmailLanguage(languageTag: string): InvoiceEmailLanguage {
  return /^de(-|_|$)/i.test(languageTag) ? 'de' : 'en';
}

export function formatTotal(total: string, currency: string, language: InvoiceEmailLanguage): string {
  const digits = minorUnitExponent(currency);
  const format = new Intl.NumberFormat(LOCALE[language], {
    style: 'currency',
    currency,
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  });
  // Intl formats a decimal string exactly (ECMA-402 NumberFormat v3, Node >= 19); the ES2022 lib
  // typings only know the number overload.
  return (format.format as unknown as (value: string) => string)(total);
}

export function invoiceEmailWording(
  facts: WordingFacts,
  language: InvoiceEmailLanguage,
): InvoiceEmailWording {
  const total = formatTotal(facts.total, facts.currency, language);
  if (language === 'de') {
    return {
      subject: `Rechnung ${facts.invoiceNumber} von ${facts.issuerName}`,
      greeting: `Guten Tag ${facts.customerName},`,
      paragraphs: [
        `anbei erhalten Sie die Rechnung ${facts.invoiceNumber} über ${total} als PDF.`,
        ...(facts.withXml ? ['Die elektronische Rechnung (XML) liegt ebenfalls bei.'] : []),
      ],
      closing: 'Mit freundlichen Grüßen',
      signature: facts.issuerName,
    };
  }
  return {
    subject: `Invoice ${facts.invoiceNumber} from ${facts.issuerName}`,
    greeting: `Dear ${facts.customerName},`,
    paragraphs: [
      `please find attached invoice ${facts.invoiceNumber} for ${total} as a PDF.`,
      ...(facts.withXml ? ['The electronic invoice (XML) is attached as well.'] : []),
    ],
    closing: 'Kind regards,',
    signature: facts.issuerName,
  };
}
