import type { InvoiceEmailInput } from '../../src/mail/invoiceEmail';

/** A German invoice e-mail's input; tests override what they look at. */
export function invoiceEmailInput(
  pdf: Buffer,
  overrides: Partial<InvoiceEmailInput> = {},
): InvoiceEmailInput {
  return {
    invoiceNumber: 'INV-2026-000123',
    issuer: { name: 'Stadtwerke Musterstadt', email: 'billing@stadtwerke.example' },
    customer: { name: 'Erika Mustermann', email: 'erika@example.org' },
    language: 'de',
    total: '1234.50',
    currency: 'EUR',
    pdf,
    pdfFilename: 'INV-2026-000123.pdf',
    ...overrides,
  };
}
