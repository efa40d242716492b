// The invoice module's public face: pure model and math, and the PDF / e-invoice renderers.
export { computeInvoice } from './computeInvoice';
export { creditNoteFor, type CreditNoteRequest, type CreditNoteScope } from './creditNote';
export { parseInvoiceDraft } from './draftSchema';
export { InvoiceInputError, type InputIssue } from './errors';
export { labelsFor, type Labels } from './labels';
export { renderCiiXml, CII_GUIDELINE_EN16931 } from './einvoice/cii';
export { renderUblXml, XRECHNUNG_3_CUSTOMIZATION } from './einvoice/ubl';
export { renderInvoicePdf, type InvoicePdfOptions } from './pdf/renderInvoicePdf';
export { FACTURX_FILE_NAME } from './pdf/attachments';
export type * from './types';
