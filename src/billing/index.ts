// Billing: rated CDRs → invoice drafts → numbered, stored invoices and credit notes; payment updates.
// Activities call these; everything here is idempotent on the caller's key or on the data itself.
export { BillingInputError, IdempotencyConflictError, AlreadyBilledError } from './errors';
export {
  invoiceDraftForSessions,
  type SessionsDraftInput,
  type UnnumberedInvoiceDraft,
} from './invoiceDraft';
export { sessionsToInvoice, periodInstants, type SessionSelection } from './sessionsToInvoice';
export type { InvoiceableCdr } from './sessionLine';
export { issueInvoice, type IssueInvoiceInput } from './issueInvoice';
export { issueCreditNote, type CreditNoteInput, type CreditScope } from './issueCreditNote';
export { initialStatus, type IssuedDocument } from './issueDocument';
export {
  issueContractInvoice,
  contractPeriodContaining,
  previousContractPeriod,
  contractRunKey,
  type ContractRunInput,
} from './contractRun';
export { issueSessionInvoice, sessionInvoiceKey, type SessionInvoiceInput } from './sessionInvoice';
export { applyPaymentUpdate, type PaymentUpdateOutcome } from './paymentUpdates';
export { invoicePdf } from './invoicePdf';
export { issuerParty, customerParty } from './parties';
export { signedMeterDataOf } from './signedMeterData';
