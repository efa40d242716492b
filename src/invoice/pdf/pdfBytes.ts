// PDF text and bytes as PDFKit writes them, joined into one Buffer. PDFKit turns each line of the file
// into bytes on its own (latin1: each character's low byte); joining the text first and encoding it
// once gives the same bytes for a fraction of the work.

/** The pieces in order as one new Buffer (never one of the pieces); text is encoded as latin1, runs of text in one go. */
export function joinedBytes(pieces: readonly (Uint8Array | string)[]): Buffer {
  if (pieces.every((piece) => typeof piece === 'string')) return Buffer.from(pieces.join(''), 'latin1');
  const parts: Uint8Array[] = [];
  let text: string[] = [];
  for (const piece of pieces) {
    if (typeof piece === 'string') {
      text.push(piece);
      continue;
    }
    if (text.length > 0) parts.push(Buffer.from(text.join(''), 'latin1'));
    text = [];
    parts.push(piece);
  }
  if (text.length > 0) parts.push(Buffer.from(text.join(''), 'latin1'));
  return Buffer.concat(parts);
}
