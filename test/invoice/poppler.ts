// poppler-utils (pdftotext, pdfinfo, pdfdetach, pdftoppm) on a PDF held in memory.
import { execFileSync, spawnSync } from 'child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'fs';
import { tmpdir } from 'os';
import path from 'path';

export const havePoppler = ['pdftotext', 'pdfinfo', 'pdfdetach', 'pdftoppm', 'pdffonts'].every(
  (tool) => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0,
);

/** Runs `use` with the PDF written to a temporary file; cleans up afterwards. */
export function withPdfFile<T>(pdf: Buffer, use: (file: string, dir: string) => T): T {
  const dir = mkdtempSync(path.join(tmpdir(), 'invoice-pdf-'));
  try {
    const file = path.join(dir, 'invoice.pdf');
    writeFileSync(file, pdf);
    return use(file, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export function pdfText(pdf: Buffer, page?: number): string {
  return withPdfFile(pdf, (file) =>
    execFileSync(
      'pdftotext',
      ['-layout', ...(page ? ['-f', String(page), '-l', String(page)] : []), file, '-'],
      {
        encoding: 'utf8',
      },
    ),
  );
}

export function pdfInfo(pdf: Buffer, meta = false): string {
  return withPdfFile(pdf, (file) =>
    execFileSync('pdfinfo', [...(meta ? ['-meta'] : []), file], { encoding: 'utf8' }),
  );
}

/** pdffonts rows: name, type, encoding, embedded, subset, unicode map. */
export function pdfFonts(pdf: Buffer): string[][] {
  const listing = withPdfFile(pdf, (file) => execFileSync('pdffonts', [file], { encoding: 'utf8' }));
  return listing
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((line) => line.trim().split(/\s+/));
}

export function attachmentNames(pdf: Buffer): string[] {
  const listing = withPdfFile(pdf, (file) =>
    execFileSync('pdfdetach', ['-list', file], { encoding: 'utf8' }),
  );
  return listing
    .split('\n')
    .slice(1)
    .filter(Boolean)
    .map((line) => line.replace(/^\d+: /, ''));
}

export function attachment(pdf: Buffer, name: string): string {
  return withPdfFile(pdf, (file, dir) => {
    const out = path.join(dir, 'attachment');
    execFileSync('pdfdetach', ['-savefile', name, '-o', out, file]);
    return readFileSync(out, 'utf8');
  });
}

export function firstPagePng(pdf: Buffer, dpi = 60): Buffer {
  return withPdfFile(pdf, (file, dir) => {
    execFileSync('pdftoppm', [
      '-png',
      '-r',
      String(dpi),
      '-f',
      '1',
      '-l',
      '1',
      '-singlefile',
      file,
      path.join(dir, 'page'),
    ]);
    return readFileSync(path.join(dir, 'page.png'));
  });
}
