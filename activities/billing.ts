// Activities of the billing workflows (billSession, invoiceRun, creditNote) and of the session
// workflow's payment step: every Stripe call, database write, PDF and e-mail. Each is idempotent on a
// key derived from the business step (session, run period, credit note), never from the attempt, so a
// Temporal retry repeats nothing: Stripe calls carry that key and their outcome is logged under it.
//
// Failures: input that cannot become a document (unknown customer, a CDR billed elsewhere, a rule the
// invoice breaks) fails for good; a payment provider or mail server that cannot answer now is thrown
// as it is, so Temporal retries with the same key; a refused card or mailbox is an outcome, returned.
import { ApplicationFailure, Context } from '@temporalio/activity';
import type { Knex } from 'knex';
import { AlreadyBilledError, BillingInputError, IdempotencyConflictError } from '../src/billing/errors';
import {
  chargeContractRun,
  issueContractRun,
  planContractRun,
  type ContractCharge,
  type ContractRunPlan,
} from '../src/billing/flows/contractRunFlow';
import {
  issueCreditNoteFor,
  refundCreditNote,
  type CreditNoteRequest,
  type RefundOutcome,
} from '../src/billing/flows/creditNoteFlow';
import { emailInvoice, type EmailOutcome } from '../src/billing/flows/invoiceDelivery';
import { archivePdf, type ArchivedPdf } from '../src/billing/flows/invoiceDocuments';
import type { IssuedBill } from '../src/billing/flows/issueBill';
import { issueSessionBill } from '../src/billing/flows/sessionBill';
import {
  holdKeyOf,
  secureSessionPayment,
  type SessionPaymentDecision,
} from '../src/billing/flows/sessionHold';
import {
  settleKeyOf,
  settleSessionPayment,
  type SessionSettlement,
} from '../src/billing/flows/sessionSettlement';
import { loadConfig, type ChargeledgerConfig } from '../src/config';
import { InvalidRecordError } from '../src/db/values';
import { InvoiceInputError } from '../src/invoice/errors';
import type { DatePeriod, PaymentInfo } from '../src/invoice/types';
import { createMailer, type MailSettings } from '../src/mail/mailer';
import { subKey } from '../src/payments/idempotencyKey';
import { createStripeClient, type StripeSettings } from '../src/payments/stripeClient';

export type { SessionPaymentDecision, SessionBilling, HeldPayment } from '../src/billing/flows/sessionHold';
export type { SessionSettlement } from '../src/billing/flows/sessionSettlement';
export type { CardOutcome } from '../src/billing/flows/cardSettlement';
export type { ContractCharge, ContractRunPlan, IssuedBill, ArchivedPdf, EmailOutcome, RefundOutcome };
export type { CreditNoteRequest };

export interface BillingActivities {
  /** At session start: hold the configured amount on an ad hoc driver's card, or say why not. */
  secureSessionPayment(input: { sessionId: string }): Promise<SessionPaymentDecision>;
  /** After the CDR: collect the invoice gross from the hold (or release it when there is no CDR). */
  settleSessionPayment(input: { sessionId: string; issuedAt: string }): Promise<SessionSettlement>;
  /** One invoice per session, printed with the settled payment. */
  issueSessionInvoice(input: {
    sessionId: string;
    payment?: PaymentInfo;
    issuedAt: string;
  }): Promise<IssuedBill>;
  /** The period a contract run covers (from `asOf` in the customer's time zone) and its CDRs. */
  planContractRun(input: { customerId: string; asOf: string; period?: DatePeriod }): Promise<ContractRunPlan>;
  /** Charges the run's gross to the saved payment method (card customers). */
  chargeContractRun(plan: ContractRunPlan): Promise<ContractCharge>;
  issueContractInvoice(input: { plan: ContractRunPlan; payment?: PaymentInfo }): Promise<IssuedBill>;
  issueCreditNote(request: CreditNoteRequest): Promise<IssuedBill>;
  /** Sends a paid card invoice's credit note back to the card. */
  refundCreditNote(input: { creditNoteId: string }): Promise<RefundOutcome>;
  /** Renders the PDF once and archives it; returns its size and hash, not its bytes. */
  archiveInvoicePdf(input: { invoiceId: string }): Promise<ArchivedPdf>;
  /** E-mails the document with its PDF to the customer, at most once. */
  emailInvoice(input: { invoiceId: string }): Promise<EmailOutcome>;
}

export interface BillingActivityDeps {
  db: Knex;
  /** Undefined (or neither key nor endpoint): card payments are refused rather than pretended. */
  stripe?: StripeSettings;
  /** CHARGELEDGER_HOLD_AMOUNT. */
  holdAmount: string;
  mail: MailSettings;
  now?: () => Date;
}

/** What a deployment configures for billing (the database and clock come from the worker). */
export type BillingSettings = Omit<BillingActivityDeps, 'db' | 'now'>;

/** From the environment: STRIPE_*, CHARGELEDGER_HOLD_AMOUNT, SMTP_URL, CHARGELEDGER_OUT_DIR (src/config.ts). */
export function billingSettingsFromEnv(config: ChargeledgerConfig = loadConfig()): BillingSettings {
  return {
    stripe: config.stripe,
    holdAmount: config.holdAmount,
    mail: { smtpUrl: config.smtpUrl, outDir: config.outDir },
  };
}

/** Errors no retry can fix: the data or the request is wrong. */
const FINAL_ERRORS = [
  BillingInputError,
  IdempotencyConflictError,
  AlreadyBilledError,
  InvalidRecordError,
  InvoiceInputError,
];

/** Stripe keys of a bill derive from its workflow (one per session), never from the attempt. */
function callingWorkflowId(): string {
  const workflowId = Context.current().info.workflowExecution?.workflowId;
  if (!workflowId)
    throw ApplicationFailure.nonRetryable('a bill is settled by its workflow only', 'NoWorkflow');
  return workflowId;
}

async function finalOnBadInput<T>(step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    if (FINAL_ERRORS.some((type) => err instanceof type)) {
      const error = err as Error;
      throw ApplicationFailure.nonRetryable(error.message, error.name);
    }
    throw err;
  }
}

export function createBillingActivities(deps: BillingActivityDeps): BillingActivities {
  const { db } = deps;
  const now = deps.now ?? (() => new Date());
  const configured = deps.stripe && (deps.stripe.secretKey || deps.stripe.apiBase);
  const stripe = configured ? createStripeClient(deps.stripe!) : undefined;
  const payments = { db, stripe, now };

  return {
    secureSessionPayment: ({ sessionId }) =>
      finalOnBadInput(() => secureSessionPayment({ ...payments, holdAmount: deps.holdAmount }, sessionId)),
    settleSessionPayment: (input) =>
      finalOnBadInput(() =>
        settleSessionPayment(payments, { ...input, idempotencyKey: settleKeyOf(callingWorkflowId()) }),
      ),
    issueSessionInvoice: (input) =>
      finalOnBadInput(() =>
        issueSessionBill(db, {
          ...input,
          paymentKeys: [holdKeyOf(input.sessionId), subKey(settleKeyOf(callingWorkflowId()), 'shortfall')],
        }),
      ),
    planContractRun: (input) => finalOnBadInput(() => planContractRun(db, input)),
    chargeContractRun: (plan) => finalOnBadInput(() => chargeContractRun(payments, plan)),
    issueContractInvoice: ({ plan, payment }) => finalOnBadInput(() => issueContractRun(db, plan, payment)),
    issueCreditNote: (request) => finalOnBadInput(() => issueCreditNoteFor(db, request)),
    refundCreditNote: ({ creditNoteId }) => finalOnBadInput(() => refundCreditNote(payments, creditNoteId)),
    archiveInvoicePdf: ({ invoiceId }) => finalOnBadInput(() => archivePdf(db, invoiceId)),
    emailInvoice: ({ invoiceId }) =>
      finalOnBadInput(async () => {
        const mailer = createMailer(deps.mail);
        try {
          return await emailInvoice(db, mailer, invoiceId);
        } finally {
          mailer.close();
        }
      }),
  };
}
