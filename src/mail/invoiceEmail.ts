// The e-mail that delivers an invoice: plain text and HTML bodies with the same words, the PDF, and
// the e-invoice XML when there is one. Pure: sending is sendInvoiceEmail's job.
import { toMinorUnits } from '../payments/minorUnits';
import { invoiceEmailLanguage, invoiceEmailWording, type InvoiceEmailWording } from './invoiceEmailText';
import { invoiceMessageId } from './messageId';

export interface MailAddress {
  name: string;
  address: string;
}

export interface MailAttachment {
  filename: string;
  content: Buffer;
  contentType: string;
}

/** A complete message, ready for any Mailer. */
export interface OutgoingEmail {
  /** RFC 5322 Message-ID with angle brackets. */
  messageId: string;
  from: MailAddress;
  to: MailAddress;
  subject: string;
  text: string;
  html: string;
  attachments: MailAttachment[];
}

export interface InvoiceEmailInput {
  invoiceNumber: string;
  issuer: { name: string; email: string };
  customer: { name: string; email: string };
  /** BCP 47 tag of the customer's language; German for de-*, English otherwise. */
  language: string;
  /** Invoice total incl. VAT as a decimal string, already rounded to the currency's minor unit. */
  total: string;
  /** ISO 4217 code. */
  currency: string;
  pdf: Buffer;
  pdfFilename: string;
  /** The e-invoice (XRechnung / ZUGFeRD XML), attached beside the PDF when given. */
  xml?: Buffer;
  /** Defaults to the PDF's name with .xml. */
  xmlFilename?: string;
}

const EMAIL = /^[^\s@<>]+@[^\s@<>]+$/;

export function composeInvoiceEmail(input: InvoiceEmailInput): OutgoingEmail {
  for (const [field, value] of [
    ['issuer.email', input.issuer.email],
    ['customer.email', input.customer.email],
  ] as const) {
    if (!EMAIL.test(value))
      throw new Error(`invoice ${input.invoiceNumber}: ${field} "${value}" is not an e-mail address`);
  }
  if (!input.pdf.length) throw new Error(`invoice ${input.invoiceNumber}: the PDF is empty`);
  // Throws naming the amount when the total is not a rounded amount of the currency.
  toMinorUnits(input.total, input.currency);

  const wording = invoiceEmailWording(
    {
      invoiceNumber: input.invoiceNumber,
      issuerName: input.issuer.name,
      customerName: input.customer.name,
      total: input.total,
      currency: input.currency,
      withXml: input.xml !== undefined,
    },
    invoiceEmailLanguage(input.language),
  );
  const attachments: MailAttachment[] = [
    { filename: input.pdfFilename, content: input.pdf, contentType: 'application/pdf' },
  ];
  if (input.xml) {
    attachments.push({
      filename: input.xmlFilename ?? input.pdfFilename.replace(/\.pdf$/i, '') + '.xml',
      content: input.xml,
      contentType: 'application/xml',
    });
  }
  return {
    messageId: invoiceMessageId(input.invoiceNumber, input.issuer.email),
    from: { name: input.issuer.name, address: input.issuer.email },
    to: { name: input.customer.name, address: input.customer.email },
    subject: wording.subject,
    text: plainText(wording),
    html: html(wording, invoiceEmailLanguage(input.language)),
    attachments,
  };
}

function plainText(wording: InvoiceEmailWording): string {
  return (
    [wording.greeting, ...wording.paragraphs, `${wording.closing}\n${wording.signature}`].join('\n\n') + '\n'
  );
}

function html(wording: InvoiceEmailWording, language: string): string {
  const paragraph = (text: string) => `<p>${escapeHtml(text)}</p>`;
  return [
    '<!DOCTYPE html>',
    `<html lang="${language}">`,
    `<head><meta charset="utf-8"><title>${escapeHtml(wording.subject)}</title></head>`,
    '<body>',
    paragraph(wording.greeting),
    ...wording.paragraphs.map(paragraph),
    `<p>${escapeHtml(wording.closing)}<br>${escapeHtml(wording.signature)}</p>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Names and numbers come from customers' data: nothing of theirs may become markup. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char]);
}
