// The statement as a PDF (A4, pdfkit): summary of what is due each way and the netted balance, every
// CDR line, and the reconciliation findings. Same look as our invoices (their fonts, colours, cells).
// The same statement always gives the same bytes: dates come from the statement, not the clock.
import { formatMoney } from '../../invoice/format';
import { startPdf } from '../../invoice/pdf/document';
import {
  COLOR,
  CONTENT_BOTTOM,
  CONTENT_WIDTH,
  MARGIN,
  PAGE,
  RIGHT_EDGE,
  SIZE,
  cell,
  rule,
} from '../../invoice/pdf/layout';
import type { Amounts, SettlementStatement, StatementLine } from './statement';

const ROW = 13;
const ROUNDING_NOTE =
  "Each CDR's amounts rounded half-up to the currency's minor unit; totals are sums of the lines.";

interface Column {
  title: string;
  width: number;
  align?: 'right';
  text(line: StatementLine): string;
}

const cdrs = (count: number) => `${count} CDR${count === 1 ? '' : 's'}`;

const DIRECTION = { sent: 'to us', received: 'to them' } as const;

const COLUMNS: Column[] = [
  { title: 'Owed', width: 36, text: (l) => DIRECTION[l.direction] },
  { title: 'CDR', width: 92, text: (l) => l.cdrId },
  { title: 'CPO', width: 38, text: (l) => `${l.countryCode}-${l.partyId}` },
  { title: 'Start (UTC)', width: 68, text: (l) => l.startDateTime.slice(0, 16).replace('T', ' ') },
  { title: 'kWh', width: 40, align: 'right', text: (l) => l.energyKwh },
  { title: 'Excl. VAT', width: 52, align: 'right', text: (l) => l.exclVat },
  { title: 'VAT', width: 44, align: 'right', text: (l) => l.vat },
  { title: 'Incl. VAT', width: 52, align: 'right', text: (l) => l.inclVat },
  { title: 'Status', width: CONTENT_WIDTH - 422, text: (l) => l.status },
];

function tableHead(doc: PDFKit.PDFDocument, y: number): number {
  let x = MARGIN.left;
  for (const column of COLUMNS) {
    cell(doc, column.title, x, y, column.width - 4, {
      font: 'bold',
      size: SIZE.small,
      color: COLOR.muted,
      align: column.align,
    });
    x += column.width;
  }
  rule(doc, y + ROW - 2);
  return y + ROW + 2;
}

function tableRow(doc: PDFKit.PDFDocument, line: StatementLine, y: number): void {
  let x = MARGIN.left;
  const color = line.status === 'disputed' ? COLOR.muted : COLOR.text;
  for (const column of COLUMNS) {
    cell(doc, column.text(line), x, y, column.width - 4, { size: SIZE.small, align: column.align, color });
    x += column.width;
  }
}

function summaryRow(
  doc: PDFKit.PDFDocument,
  y: number,
  label: string,
  amounts: Pick<Amounts, 'exclVat' | 'vat' | 'inclVat'>,
  currency: string,
  bold = false,
): number {
  const font = bold ? 'bold' : 'regular';
  cell(doc, label, MARGIN.left, y, 220, { font });
  const values = [amounts.exclVat, amounts.vat, amounts.inclVat];
  values.forEach((value, i) => {
    cell(doc, formatMoney(value, currency, 'en'), MARGIN.left + 230 + i * 87, y, 83, {
      font,
      align: 'right',
    });
  });
  return y + ROW + 1;
}

function drawHeader(doc: PDFKit.PDFDocument, s: SettlementStatement): number {
  let y = MARGIN.top;
  cell(doc, 'Settlement statement', MARGIN.left, y, CONTENT_WIDTH, {
    font: 'bold',
    size: SIZE.title,
    color: COLOR.accent,
  });
  y += 30;
  cell(doc, `${s.ourName} and ${s.partnerName}`, MARGIN.left, y, CONTENT_WIDTH, {
    font: 'bold',
    size: SIZE.issuer,
  });
  y += 20;
  const facts: Array<[string, string]> = [
    ['Period (UTC)', `${s.periodStart.slice(0, 10)} to ${s.periodEnd.slice(0, 10)} (end exclusive)`],
    ['Currency', s.currency],
    ['Partner id', s.partnerId],
    ['Generated', s.generatedAt.replace('T', ' ').replace(/\.\d+Z$|Z$/, ' UTC')],
  ];
  for (const [label, value] of facts) {
    cell(doc, label, MARGIN.left, y, 90, { color: COLOR.muted });
    cell(doc, value, MARGIN.left + 90, y, CONTENT_WIDTH - 90);
    y += ROW;
  }
  return y + 10;
}

function drawSummary(doc: PDFKit.PDFDocument, s: SettlementStatement, y: number): number {
  doc.rect(MARGIN.left - 4, y - 4, CONTENT_WIDTH + 8, 6 * ROW + 14).fill(COLOR.band);
  ['Excl. VAT', 'VAT', 'Incl. VAT'].forEach((title, i) => {
    cell(doc, title, MARGIN.left + 230 + i * 87, y, 83, {
      font: 'bold',
      size: SIZE.small,
      color: COLOR.muted,
      align: 'right',
    });
  });
  y += ROW;
  y = summaryRow(doc, y, `Due to ${s.ourName} (${cdrs(s.receivable.count)})`, s.receivable, s.currency);
  y = summaryRow(doc, y, `Due to ${s.partnerName} (${cdrs(s.payable.count)})`, s.payable, s.currency);
  const withheld = (who: string, amounts: Amounts) =>
    summaryRow(doc, y, `Withheld from ${who} (${amounts.count} disputed)`, amounts, s.currency);
  y = withheld(s.ourName, s.withheldReceivable);
  y = withheld(s.partnerName, s.withheldPayable);
  y = summaryRow(doc, y, 'Net balance', s.net, s.currency, true);
  y += 10;
  const absolute = s.net.inclVat.replace(/^-/, '');
  const sentence =
    s.net.payer === 'none'
      ? 'Nothing is due either way.'
      : s.net.payer === 'partner'
        ? `${s.partnerName} pays ${s.ourName} ${formatMoney(absolute, s.currency, 'en')}.`
        : `${s.ourName} pays ${s.partnerName} ${formatMoney(absolute, s.currency, 'en')}.`;
  cell(doc, sentence, MARGIN.left, y, CONTENT_WIDTH, { font: 'bold', size: SIZE.total, color: COLOR.accent });
  return y + 24;
}

function drawFindings(
  doc: PDFKit.PDFDocument,
  s: SettlementStatement,
  y: number,
  newPage: () => number,
): number {
  const notes = [
    ...s.findings.map((f) => `${f.kind.replace(/_/g, ' ')}: ${f.message}`),
    ...s.excluded.map((e) => `not on this statement: CDR ${e.cdrId} (${e.reason})`),
  ];
  if (notes.length === 0) return y;
  if (y > CONTENT_BOTTOM - 3 * ROW) y = newPage();
  cell(doc, 'Reconciliation findings', MARGIN.left, y, CONTENT_WIDTH, { font: 'bold', size: SIZE.body });
  y += ROW + 2;
  doc.font('regular').fontSize(SIZE.small).fillColor(COLOR.text);
  for (const note of notes) {
    const height = doc.heightOfString(note, { width: CONTENT_WIDTH });
    if (y + height > CONTENT_BOTTOM) y = newPage();
    doc
      .font('regular')
      .fontSize(SIZE.small)
      .fillColor(COLOR.text)
      .text(note, MARGIN.left, y, { width: CONTENT_WIDTH });
    y += height + 3;
  }
  return y;
}

function drawFooters(doc: PDFKit.PDFDocument): void {
  const { start, count } = doc.bufferedPageRange();
  for (let i = start; i < start + count; i++) {
    doc.switchToPage(i);
    const y = PAGE.height - 60;
    rule(doc, y - 6);
    cell(doc, ROUNDING_NOTE, MARGIN.left, y, CONTENT_WIDTH - 70, { size: SIZE.tiny, color: COLOR.muted });
    cell(doc, `Page ${i - start + 1} of ${count}`, RIGHT_EDGE - 70, y, 70, {
      size: SIZE.tiny,
      color: COLOR.muted,
      align: 'right',
    });
  }
}

export async function statementPdf(s: SettlementStatement): Promise<Buffer> {
  const date = new Date(s.generatedAt);
  const { doc, done } = startPdf({
    info: {
      Title: `Settlement statement ${s.ourName} / ${s.partnerName} ${s.periodStart.slice(0, 10)}`,
      CreationDate: date,
      ModDate: date,
    },
    lang: 'en-GB',
  });
  const newPage = () => {
    doc.addPage();
    return MARGIN.top;
  };

  let y = drawSummary(doc, s, drawHeader(doc, s));
  y = tableHead(doc, y);
  for (const line of s.lines) {
    if (y + ROW > CONTENT_BOTTOM) y = tableHead(doc, newPage());
    tableRow(doc, line, y);
    y += ROW;
  }
  if (s.lines.length === 0) {
    cell(doc, 'No CDRs in this period.', MARGIN.left, y, CONTENT_WIDTH, { color: COLOR.muted });
    y += ROW;
  }
  drawFindings(doc, s, y + 12, newPage);
  drawFooters(doc);
  doc.end();
  return done;
}
