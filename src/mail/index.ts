// E-mail: composing invoice messages and delivering them over SMTP or into the outbox folder.
export { createMailer, type Mailer, type MailSettings, type DeliveryReceipt } from './mailer';
export {
  composeInvoiceEmail,
  escapeHtml,
  type InvoiceEmailInput,
  type OutgoingEmail,
  type MailAddress,
  type MailAttachment,
} from './invoiceEmail';
export { invoiceEmailLanguage, formatTotal, type InvoiceEmailLanguage } from './invoiceEmailText';
export { invoiceMessageId } from './messageId';
export { sendInvoiceEmail, classifyMailError, type MailFailure, type MailResult } from './sendInvoiceEmail';
