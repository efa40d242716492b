// A Message-ID made from the invoice number, so every copy of one invoice's e-mail carries the same
// id: a message delivered twice (a retry after a lost SMTP reply) is recognisable as a duplicate, and
// mail clients that de-duplicate by Message-ID show it once.

/** Characters kept as they are; everything else is percent-encoded, so distinct numbers stay distinct. */
const KEPT = /[A-Za-z0-9_-]/;

/** <invoice.INV-2026-000123@issuer.example> for invoice "INV-2026-000123" issued from billing@issuer.example. */
export function invoiceMessageId(invoiceNumber: string, issuerEmail: string): string {
  if (!invoiceNumber) throw new Error('invoiceMessageId: invoice number is empty');
  const domain = issuerEmail.slice(issuerEmail.lastIndexOf('@') + 1).toLowerCase();
  if (!issuerEmail.includes('@') || !/^[a-z0-9-]+(\.[a-z0-9-]+)*$/.test(domain)) {
    throw new Error(`issuer e-mail "${issuerEmail}" has no usable domain for a Message-ID`);
  }
  return `<invoice.${percentEncode(invoiceNumber)}@${domain}>`;
}

function percentEncode(text: string): string {
  let encoded = '';
  for (const char of text) {
    if (KEPT.test(char)) {
      encoded += char;
      continue;
    }
    for (const byte of Buffer.from(char, 'utf8'))
      encoded += `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }
  return encoded;
}
