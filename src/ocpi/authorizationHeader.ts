// `Authorization: Token <credentials token>`. OCPI 2.2.1 (transport_and_format, Authorization header)
// sends the token Base64-encoded (RFC 4648, of its UTF-8 bytes); many 2.1.1/2.2 peers send it plain.
// We always send Base64 and, reading, try the decoded form first and the text as given second, so
// both kinds of peer can reach us (the spec leaves this choice to "trial and error").

const PRINTABLE = /^[\x21-\x7e]{1,255}$/;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function authorizationHeader(token: string): string {
  return `Token ${Buffer.from(token, 'utf8').toString('base64')}`;
}

/**
 * The token candidates a header may carry, most likely first; empty when the header is missing or
 * not of the form "Token <printable ASCII>".
 */
export function tokenCandidates(header: string | undefined): string[] {
  const match = header === undefined ? null : /^Token ([^\s]+)$/i.exec(header.trim());
  if (!match || !PRINTABLE.test(match[1])) return [];
  const given = match[1];
  const candidates: string[] = [];
  if (BASE64.test(given)) {
    // The spec's own example encodes "example-token\n" (echo without -n): a final newline is dropped.
    const decoded = Buffer.from(given, 'base64')
      .toString('utf8')
      .replace(/\r?\n$/, '');
    if (PRINTABLE.test(decoded)) candidates.push(decoded);
  }
  candidates.push(given);
  return candidates;
}
