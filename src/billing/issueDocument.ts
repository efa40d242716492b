// The one transaction that issues an invoice or a credit note: take the next number of the series,
// compute the document with it, insert it with the CDRs it covers, and run the caller's follow-up
// (e.g. the credited invoice's status). Everything commits together or not at all, so a failure after
// the number was taken (a rule the document breaks, a CDR billed meanwhile) frees the number again.
// Idempotent on the caller's key: the same key returns the document issued first.
import type { Knex } from 'knex';
import { contentHash } from '../db/canonicalJson';
import { takeInvoiceNumber } from '../db/repos/invoiceNumbers';
import type { IssuerRecord } from '../db/repos/issuers';
import {
  findInvoiceByKey,
  insertInvoice,
  linkInvoiceCdrs,
  type InvoiceCdrLink,
  type InvoiceRecord,
  type InvoiceStatus,
} from '../db/repos/invoices';
import { computeInvoice } from '../invoice/computeInvoice';
import type { InvoiceDraft, PaymentStatus } from '../invoice/types';
import { AlreadyBilledError, IdempotencyConflictError } from './errors';

export interface IssuedDocument {
  record: InvoiceRecord;
  /** false when the key had issued it before (nothing was written now). */
  created: boolean;
}

/** What to issue, decided inside the transaction (so it can lock and read what it depends on). */
export interface DocumentPlan {
  draft: Omit<InvoiceDraft, 'number' | 'series'>;
  customerId: string;
  status: InvoiceStatus;
  creditedInvoiceId?: string;
  /** Runs in the transaction after the insert. */
  afterInsert?: (trx: Knex.Transaction, record: InvoiceRecord) => Promise<void>;
}

export interface DocumentRequest {
  issuer: IssuerRecord;
  idempotencyKey: string;
  /** The caller's request, hashed: a reused key must come with the same request. */
  request: unknown;
  plan: (trx: Knex.Transaction) => Promise<DocumentPlan>;
}

const UNIQUE_VIOLATION = '23505';
const KEY_CONSTRAINT = 'invoices_idempotency_key_unique';
const CDR_CONSTRAINT = 'invoice_cdrs_cdr_id_kind_unique';

/** The live status a new document starts in, from the payment printed on it. */
export function initialStatus(payment: PaymentStatus): InvoiceStatus {
  return payment === 'paid' ? 'paid' : payment === 'failed' ? 'payment_failed' : 'open';
}

function sameRequest(record: InvoiceRecord, requestHash: string): IssuedDocument {
  if (record.requestHash !== requestHash)
    throw new IdempotencyConflictError(record.idempotencyKey, record.number);
  return { record, created: false };
}

function cdrLinks(draft: DocumentPlan['draft']): InvoiceCdrLink[] {
  return draft.lines.flatMap((line) => (line.cdrId ? [{ cdrId: line.cdrId, lineId: line.id }] : []));
}

async function alreadyBilled(
  db: Knex,
  links: readonly InvoiceCdrLink[],
  kind: string,
): Promise<AlreadyBilledError> {
  const rows = await db('invoice_cdrs')
    .whereIn(
      'cdr_id',
      links.map((link) => link.cdrId),
    )
    .where({ kind })
    .select('cdr_id');
  return new AlreadyBilledError(
    rows.map((row: { cdr_id: string }) => row.cdr_id),
    kind,
  );
}

export async function issueDocument(db: Knex, request: DocumentRequest): Promise<IssuedDocument> {
  const requestHash = contentHash(request.request);
  const existing = await findInvoiceByKey(db, request.idempotencyKey);
  if (existing) return sameRequest(existing, requestHash);
  const { issuer } = request;
  let links: InvoiceCdrLink[] = [];
  let kind = 'invoice';
  try {
    const record = await db.transaction(async (trx) => {
      const plan = await request.plan(trx);
      const { draft } = plan;
      kind = draft.kind;
      links = cdrLinks(draft);
      const numbered = await takeInvoiceNumber(trx, {
        issuerId: issuer.id,
        series:
          draft.kind === 'credit_note' ? issuer.numbering.creditNoteSeries : issuer.numbering.invoiceSeries,
        year: issuer.numbering.yearly ? Number(draft.issueDate.slice(0, 4)) : 0,
        digits: issuer.numbering.digits,
      });
      const invoice = computeInvoice({ ...draft, number: numbered.number, series: numbered.series });
      const inserted = await insertInvoice(trx, {
        issuerId: issuer.id,
        customerId: plan.customerId,
        numbered,
        ...(plan.creditedInvoiceId !== undefined && { creditedInvoiceId: plan.creditedInvoiceId }),
        invoice,
        status: plan.status,
        idempotencyKey: request.idempotencyKey,
        requestHash,
      });
      await linkInvoiceCdrs(trx, inserted, links);
      await plan.afterInsert?.(trx, inserted);
      return inserted;
    });
    return { record, created: true };
  } catch (err) {
    const { code, constraint } = err as { code?: string; constraint?: string };
    if (code !== UNIQUE_VIOLATION) throw err;
    if (constraint === KEY_CONSTRAINT) {
      // Issued by a concurrent call with the same key; our number was rolled back.
      return sameRequest((await findInvoiceByKey(db, request.idempotencyKey))!, requestHash);
    }
    if (constraint === CDR_CONSTRAINT) throw await alreadyBilled(db, links, kind);
    throw err;
  }
}
