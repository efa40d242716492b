// Just enough of a MIME reader for the tests to look inside what was sent (mailparser is not a
// dependency): headers, RFC 2047 encoded words, multipart nesting, base64 and quoted-printable.
import { parseHeaderValue } from 'nodemailer/lib/mime-funcs';

export interface MimePart {
  /** Unfolded header values by lowercase name, in order. */
  headers: Map<string, string[]>;
  header(name: string): string | undefined;
  /** e.g. text/plain, multipart/alternative (lowercase). */
  contentType: string;
  params: Record<string, string>;
  /** The body with its Content-Transfer-Encoding undone; empty for multiparts. */
  body: Buffer;
  parts: MimePart[];
}

export function parseMime(raw: Buffer): MimePart {
  // latin1 maps bytes 1:1 to chars, so splitting never breaks a byte sequence.
  const text = raw.toString('latin1');
  const split = /\r?\n\r?\n/.exec(text);
  const headerText = split ? text.slice(0, split.index) : text;
  const bodyText = split ? text.slice(split.index + split[0].length) : '';

  const headers = new Map<string, string[]>();
  for (const line of headerText.replace(/\r?\n[ \t]+/g, ' ').split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = Buffer.from(line.slice(colon + 1).trim(), 'latin1').toString('utf8');
    headers.set(name, [...(headers.get(name) ?? []), value]);
  }
  const header = (name: string) => headers.get(name.toLowerCase())?.[0];
  const { value: contentType, params } = parseHeaderValue(header('content-type') ?? 'text/plain');

  if (contentType.toLowerCase().startsWith('multipart/')) {
    const chunks = `\r\n${bodyText}`.split(`\r\n--${params.boundary}`).slice(1);
    const parts = chunks
      .filter((chunk) => !chunk.startsWith('--'))
      .map((chunk) => parseMime(Buffer.from(chunk.replace(/^[ \t]*\r?\n/, ''), 'latin1')));
    return { headers, header, contentType: contentType.toLowerCase(), params, body: Buffer.alloc(0), parts };
  }
  const body = decodeTransfer(bodyText, (header('content-transfer-encoding') ?? '7bit').toLowerCase());
  return { headers, header, contentType: contentType.toLowerCase(), params, body, parts: [] };
}

function decodeTransfer(text: string, encoding: string): Buffer {
  if (encoding === 'base64') return Buffer.from(text.replace(/\s+/g, ''), 'base64');
  if (encoding === 'quoted-printable') return decodeQuotedPrintable(text);
  return Buffer.from(text, 'latin1');
}

function decodeQuotedPrintable(text: string): Buffer {
  const unwrapped = text.replace(/[ \t]+(?=\r?\n)/g, '').replace(/=\r?\n/g, '');
  const bytes: number[] = [];
  for (let i = 0; i < unwrapped.length; i++) {
    const hex = unwrapped.slice(i + 1, i + 3);
    if (unwrapped[i] === '=' && /^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else {
      bytes.push(unwrapped.charCodeAt(i));
    }
  }
  return Buffer.from(bytes);
}

/** Decodes RFC 2047 encoded words (=?UTF-8?Q?...?= / =?UTF-8?B?...?=) in a header value. */
export function decodeWords(value: string): string {
  return value
    .replace(/(\?=)\s+(=\?)/g, '$1$2')
    .replace(
      /=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g,
      (_word, charset: string, encoding: string, data: string) => {
        const bytes =
          encoding.toUpperCase() === 'B'
            ? Buffer.from(data, 'base64')
            : decodeQuotedPrintable(data.replace(/_/g, ' '));
        return new TextDecoder(charset).decode(bytes);
      },
    );
}

/** The non-multipart parts, depth first. */
export function leafParts(part: MimePart): MimePart[] {
  return part.parts.length ? part.parts.flatMap(leafParts) : [part];
}

/** Text of the first leaf of this content type, decoded as UTF-8. */
export function textOf(message: MimePart, contentType: string): string | undefined {
  return leafParts(message)
    .find((part) => part.contentType === contentType)
    ?.body.toString('utf8');
}

/** The attachment with this file name. */
export function attachmentNamed(message: MimePart, filename: string): MimePart | undefined {
  return leafParts(message).find(
    (part) => parseHeaderValue(part.header('content-disposition') ?? '').params.filename === filename,
  );
}
