// The PDF file collected as text. PDFKit writes the file line by line, each line turned into bytes and
// pushed through a Node stream on its own (a few hundred per invoice); here lines are kept as text and
// the file is encoded once it ends. Same bytes as PDFKit's stream gives.
//
// Uses PDFKit's PDFDocument._write and _offset (pdfkit 0.20, js/pdfkit.js), which its type declarations
// leave out; test/invoice/pdfStreams.test.ts compares the result with PDFKit's own.
import { joinedBytes } from './pdfBytes';

interface WritingDocument {
  _offset: number;
  _write(data: Uint8Array | string): void;
}

/** The whole file once doc.end() has been called. Call right after creating the document. */
export function collectOutput(doc: PDFKit.PDFDocument): Promise<Buffer> {
  const pdfkit = doc as unknown as WritingDocument;
  const pieces: (Uint8Array | string)[] = [];
  pdfkit._write = (data) => {
    const piece = data instanceof Uint8Array ? data : `${data}\n`;
    pieces.push(piece);
    pdfkit._offset += piece.length;
  };
  // What PDFKit wrote before this (the file's header) still comes through its stream.
  const head: Buffer[] = [];
  return new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => head.push(chunk));
    doc.on('end', () => resolve(joinedBytes([...head, ...pieces])));
    doc.on('error', reject);
  });
}
