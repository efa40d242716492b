// Page geometry, type and colours of the invoice PDF, and the one-line cell every table uses.
import type { FontName } from './fonts';

export const PAGE = { width: 595.28, height: 841.89 } as const; // A4 in points
export const MARGIN = { left: 56, right: 48, top: 46 } as const;
export const CONTENT_WIDTH = PAGE.width - MARGIN.left - MARGIN.right;
export const RIGHT_EDGE = PAGE.width - MARGIN.right;
/** Lowest y the content may reach; the footer lives below. */
export const CONTENT_BOTTOM = PAGE.height - 92;
export const FOOTER_TOP = PAGE.height - 78;

export const COLOR = {
  text: '#1b1f24',
  muted: '#5f6b76',
  accent: '#1f4e79',
  rule: '#c9d1d9',
  band: '#edf2f7',
} as const;

export const SIZE = { title: 20, issuer: 13, body: 8.5, small: 7.5, tiny: 6.5, total: 10 } as const;

export interface CellStyle {
  font?: FontName;
  size?: number;
  color?: string;
  align?: 'left' | 'right';
}

/** One line of text in a box of the given width, cut with an ellipsis when too long (never wraps). */
export function cell(
  doc: PDFKit.PDFDocument,
  text: string,
  x: number,
  y: number,
  width: number,
  style: CellStyle = {},
): void {
  doc
    .font(style.font ?? 'regular')
    .fontSize(style.size ?? SIZE.body)
    .fillColor(style.color ?? COLOR.text);
  const [fitted, fittedWidth] = fit(doc, text, width);
  doc.text(fitted, style.align === 'right' ? x + width - fittedWidth : x, y, { lineBreak: false });
}

/** The text, shortened with an ellipsis until it fits, and its width. */
function fit(doc: PDFKit.PDFDocument, text: string, width: number): [string, number] {
  let fitted = text;
  let fittedWidth = doc.widthOfString(fitted);
  for (let end = text.length; fittedWidth > width && end > 0; end--) {
    fitted = `${text.slice(0, end - 1)}…`;
    fittedWidth = doc.widthOfString(fitted);
  }
  return [fitted, fittedWidth];
}

export function rule(doc: PDFKit.PDFDocument, y: number, color: string = COLOR.rule, width = 0.5): void {
  doc.moveTo(MARGIN.left, y).lineTo(RIGHT_EDGE, y).lineWidth(width).strokeColor(color).stroke();
}
