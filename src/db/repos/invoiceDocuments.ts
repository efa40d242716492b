// Rendered documents of an issued invoice (PDF, CII and UBL XML), kept as bytes in the database so the
// archive is exactly what was sent and is backed up with everything else. Write once: storing the
// same bytes again is a no-op, different bytes for the same document are refused.
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { DOCUMENT_KINDS } from '../migrations/002_invoicing';
import { InvalidRecordError, iso, oneOf } from '../values';

export type InvoiceDocumentKind = (typeof DOCUMENT_KINDS)[number];

export interface InvoiceDocument {
  invoiceId: string;
  kind: InvoiceDocumentKind;
  content: Buffer;
  sha256: string;
  createdAt: string;
}

type Row = Record<string, unknown>;

const FOREIGN_KEY_VIOLATION = '23503';

function toDocument(row: Row): InvoiceDocument {
  return {
    invoiceId: String(row.invoice_id),
    kind: row.kind as InvoiceDocumentKind,
    // pg returns a Buffer, PGlite a Uint8Array.
    content: Buffer.from(row.content as Uint8Array),
    sha256: row.sha256 as string,
    createdAt: iso(row.created_at as Date),
  };
}

export async function getInvoiceDocument(
  db: Knex,
  invoiceId: string,
  kind: InvoiceDocumentKind,
): Promise<InvoiceDocument | undefined> {
  const row = await db('invoice_documents').where({ invoice_id: invoiceId, kind }).first();
  return row ? toDocument(row) : undefined;
}

/** Stores a document once; returns the stored one (the same bytes when it existed already). */
export async function storeInvoiceDocument(
  db: Knex,
  invoiceId: string,
  kind: InvoiceDocumentKind,
  content: Buffer,
): Promise<InvoiceDocument> {
  const sha256 = createHash('sha256').update(content).digest('hex');
  const [row] = await db('invoice_documents')
    .insert({ invoice_id: invoiceId, kind: oneOf('kind', kind, DOCUMENT_KINDS), content, sha256 })
    .onConflict(['invoice_id', 'kind'])
    .ignore()
    .returning('*')
    .catch((err: { code?: string }) => {
      if (err.code === FOREIGN_KEY_VIOLATION)
        throw new InvalidRecordError('invoiceId', `no invoice with id ${invoiceId}`);
      throw err;
    });
  if (row) return toDocument(row);
  const stored = (await getInvoiceDocument(db, invoiceId, kind))!;
  if (stored.sha256 !== sha256) {
    throw new InvalidRecordError(
      'content',
      `invoice ${invoiceId} already has a different ${kind} (sha256 ${stored.sha256}); archived documents never change`,
    );
  }
  return stored;
}
