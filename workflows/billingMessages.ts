// The contract between the billing workflows and whoever starts them (the session workflow, Temporal
// Schedules, the HTTP API, the demo): workflow types, ids and inputs. Import-free of Node modules, so
// workflow code and clients share it.
import type {
  ArchivedPdf,
  CardOutcome,
  EmailOutcome,
  IssuedBill,
  RefundOutcome,
} from '../activities/billing';
import type { DatePeriod } from '../src/invoice/types';

export const BILL_SESSION_WORKFLOW_TYPE = 'billSession';
export const INVOICE_RUN_WORKFLOW_TYPE = 'invoiceRun';
export const CREDIT_NOTE_WORKFLOW_TYPE = 'creditNote';

/** One billing workflow per session: started twice, it is the same workflow. */
export function billSessionWorkflowId(sessionId: string): string {
  return `bill-${sessionId}`;
}

/** A manual run of one customer's period; a scheduled run's id is the schedule's. */
export function invoiceRunWorkflowId(customerId: string, period: DatePeriod): string {
  return `invoice-run-${customerId}-${period.start}..${period.end}`;
}

export function creditNoteWorkflowId(idempotencyKey: string): string {
  return `credit-note-${idempotencyKey}`;
}

export interface BillSessionInput {
  sessionId: string;
}

/** What happened to an invoice once issued: its archived PDF and its e-mail. */
export interface DeliveredDocument {
  invoice: IssuedBill;
  pdf: ArchivedPdf;
  email: EmailOutcome;
}

export type SessionBillResult =
  | { sessionId: string; outcome: 'not_rated' }
  | ({ sessionId: string; outcome: 'invoiced'; card?: CardOutcome } & DeliveredDocument);

export interface InvoiceRunInput {
  customerId: string;
  /** A manual run names its period; a scheduled run derives it from its scheduled time. */
  period?: DatePeriod;
}

export type InvoiceRunResult =
  | { customerId: string; period: DatePeriod; outcome: 'nothing_to_invoice' }
  | ({
      customerId: string;
      period: DatePeriod;
      outcome: 'invoiced';
      /** Why the saved payment method was not charged, when it was not. */
      notCharged?: string;
      card?: CardOutcome;
    } & DeliveredDocument);

export type CreditNoteResult = DeliveredDocument & { refund: RefundOutcome };
