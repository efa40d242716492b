// How an invoice PDF's streams (page contents, font programs, ToUnicode maps, the ICC profile,
// attachments) are finished, so that the same bytes are compressed once per process:
//
// - Deflate once. PDFKit compresses every stream of every document, and about half of an invoice's
//   compression work is the same bytes each time: the two font programs (shared thanks to the glyph
//   repertoire, see documentFonts.ts), their ToUnicode maps and the sRGB profile. The last streams
//   compressed are kept by length; a stream of a known length is compared byte for byte, which costs
//   next to nothing beside deflating it.
// - Text joined once. PDFKit turns every content operator into its own byte array and concatenates
//   them at the end; here operators stay strings until the stream ends and are encoded in one go
//   (pdfBytes.ts).
//
// The output is byte for byte what PDFKit writes. Uses PDFKit's PDFReference (pdfkit 0.20,
// js/pdfkit.js), which its type declarations leave out; test/invoice/pdfStreams.test.ts checks both.
import { deflateSync } from 'zlib';
import { BoundedCache } from './boundedCache';
import { joinedBytes } from './pdfBytes';

/** PDFKit's PDFReference, as far as used here. */
interface PdfReference {
  data: { Length?: number; Filter?: string };
  compress: boolean;
  uncompressedLength: number;
  buffer: (Uint8Array | string)[];
  write(chunk: Uint8Array | string): void;
  finalize(): void;
}

interface Compressed {
  raw: Buffer;
  deflated: Buffer;
}

/** Compressed streams kept, by length; an invoice has about 8 streams, 5 of them the same every time. */
const STREAMS_KEPT = 64;
const compressed = new BoundedCache<number, Compressed>(STREAMS_KEPT);

/** Compressed bytes of a stream, from the cache when the same bytes were compressed before. */
export function deflateOnce(raw: Buffer): Buffer {
  const known = compressed.get(raw.length);
  if (known?.raw.equals(raw)) return known.deflated;
  const deflated = deflateSync(raw);
  compressed.set(raw.length, { raw, deflated });
  return deflated;
}

/** Makes every stream the document creates from now on keep text as text and compress through the cache. */
export function finishStreamsOnce(doc: PDFKit.PDFDocument): void {
  const pdfkit = doc as unknown as { ref(data?: object): PdfReference };
  const ref = pdfkit.ref.bind(doc);
  pdfkit.ref = (data) => {
    const reference = ref(data);
    const finalize = reference.finalize;
    reference.write = writeKeepingText;
    reference.finalize = function (this: PdfReference) {
      if (this.buffer.length > 0) {
        const raw = joinedBytes(this.buffer);
        // PDFKit sets the Filter on write; it only has to find the bytes done.
        this.buffer = [this.compress ? deflateOnce(raw) : raw];
        this.compress = false;
      }
      finalize.call(this);
    };
    return reference;
  };
}

/** PDFKit's PDFReference.write, minus turning text into bytes line by line. */
function writeKeepingText(this: PdfReference, chunk: Uint8Array | string): void {
  const piece = chunk instanceof Uint8Array ? chunk : `${chunk}\n`;
  this.uncompressedLength += piece.length;
  this.data.Length = (this.data.Length ?? 0) + piece.length;
  this.buffer.push(piece);
  if (this.compress) this.data.Filter = 'FlateDecode';
}
