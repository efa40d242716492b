// After the sessions: VAT per category and rate, the totals, how to pay, notes and the tariff.
import { Dec } from '../decimal';
import { formatPercent } from '../format';
import type { PaymentInfo } from '../types';
import type { PdfContext } from './context';
import { groupedIban } from './context';
import { cell, COLOR, CONTENT_BOTTOM, CONTENT_WIDTH, MARGIN, RIGHT_EDGE, rule, SIZE } from './layout';

const VAT_COLUMNS = { label: 150, net: 80, vat: 70 } as const;
const TOTALS_X = 360;

export function drawTotals(ctx: PdfContext, top: number, newPage: () => number): number {
  const { doc, invoice, labels, language } = ctx;
  const { totals } = invoice;
  // A credit note ends on the amount credited; how it is settled (refund or offset) is said under Payment.
  const totalRows: [string, string, boolean][] =
    invoice.kind === 'credit_note'
      ? [
          [labels.totalNet, totals.net, false],
          [labels.totalVat, totals.vat, false],
          [labels.amountCredited, totals.gross, true],
        ]
      : [
          [labels.totalNet, totals.net, false],
          [labels.totalVat, totals.vat, false],
          [labels.totalGross, totals.gross, true],
          ...(new Dec(totals.prepaid).isZero()
            ? []
            : [[labels.prepaid, totals.prepaid, false] as [string, string, boolean]]),
          [labels.amountDue, totals.due, true],
        ];
  const height = 24 + Math.max(invoice.vatBreakdown.length * 12 + 14, totalRows.length * 15);
  let y = top + 6;
  if (y + height > CONTENT_BOTTOM) y = newPage();

  // VAT summary, left
  cell(doc, labels.vatSummary, MARGIN.left, y, 200, { font: 'bold', size: SIZE.small, color: COLOR.muted });
  const heads: [string, number, 'left' | 'right'][] = [
    [labels.vatCategory, VAT_COLUMNS.label, 'left'],
    [labels.taxableAmount, VAT_COLUMNS.net, 'right'],
    [labels.vatAmount, VAT_COLUMNS.vat, 'right'],
  ];
  let x = MARGIN.left;
  for (const [head, width, align] of heads) {
    cell(doc, head, x, y + 12, width, { size: SIZE.tiny, color: COLOR.muted, align });
    x += width;
  }
  let vatY = y + 23;
  for (const group of invoice.vatBreakdown) {
    const name = `${labels.categoryNames[group.category]} ${formatPercent(group.rate, language)}`;
    cell(doc, name, MARGIN.left, vatY, VAT_COLUMNS.label - 6, { size: SIZE.small });
    cell(doc, ctx.money(group.taxableAmount), MARGIN.left + VAT_COLUMNS.label, vatY, VAT_COLUMNS.net, {
      size: SIZE.small,
      align: 'right',
    });
    cell(
      doc,
      ctx.money(group.vatAmount),
      MARGIN.left + VAT_COLUMNS.label + VAT_COLUMNS.net,
      vatY,
      VAT_COLUMNS.vat,
      {
        size: SIZE.small,
        align: 'right',
      },
    );
    vatY += 12;
  }

  // Totals, right
  let totalY = y;
  for (const [label, amount, strong] of totalRows) {
    if (strong) {
      doc
        .moveTo(TOTALS_X, totalY - 3)
        .lineTo(RIGHT_EDGE, totalY - 3)
        .lineWidth(0.5)
        .strokeColor(COLOR.rule)
        .stroke();
    }
    const style = {
      font: strong ? ('bold' as const) : ('regular' as const),
      size: strong ? SIZE.total : SIZE.body,
    };
    cell(doc, label, TOTALS_X, totalY, 110, style);
    cell(doc, ctx.money(amount), TOTALS_X + 110, totalY, RIGHT_EDGE - TOTALS_X - 110, {
      ...style,
      align: 'right',
    });
    totalY += strong ? 17 : 14;
  }
  return Math.max(vatY, totalY) + 14;
}

/** Payment status and instructions, reverse-charge wording, notes, tariff: flowing text. */
export function drawPaymentAndNotes(ctx: PdfContext, top: number): void {
  const { doc, invoice, labels } = ctx;
  const { issuer } = invoice;
  doc.x = MARGIN.left;
  doc.y = top;

  heading(ctx, labels.payment);
  paragraph(ctx, paymentStatusText(ctx));
  if (invoice.kind === 'invoice' && awaitsTransfer(invoice.payment) && issuer.iban)
    drawTransferDetails(ctx, issuer.iban);

  if (invoice.vatTreatment === 'reverse_charge') paragraph(ctx, labels.reverseCharge, 'bold');
  if (invoice.notes.length > 0) {
    heading(ctx, labels.notes);
    invoice.notes.forEach((note) => paragraph(ctx, note));
  }
  if (invoice.tariffSummary.length > 0) {
    heading(ctx, labels.tariff);
    invoice.tariffSummary.forEach((line) => paragraph(ctx, line, 'regular', 1));
  }
  if (invoice.lines.some((line) => line.signedMeterData)) {
    heading(ctx, labels.signedMeterData);
    paragraph(ctx, labels.verifyHint);
  }
}

function paymentStatusText({ invoice, labels, money, date }: PdfContext): string {
  const { payment, totals, kind } = invoice;
  const card = payment.cardLast4
    ? ` ${payment.cardBrand ? `${payment.cardBrand} ` : ''}•••• ${payment.cardLast4}`
    : '';
  const due = invoice.dueDate ? date(invoice.dueDate) : '';
  const byCard = payment.method === 'card';
  if (kind === 'credit_note') {
    if (payment.status !== 'paid') return labels.offsetCredit;
    return byCard ? labels.refundedToCard(card) : labels.refundedByTransfer;
  }
  if (payment.status === 'paid') return byCard ? labels.paidByCard(card) : labels.paidByTransfer;
  if (payment.status === 'failed') return labels.cardFailed(money(totals.due), due);
  // A captured card payment Stripe has not confirmed yet (e.g. still processing): asking the driver to
  // transfer the money as well would invite paying twice.
  if (byCard) return labels.cardProcessing(money(totals.due), card);
  return labels.payByTransfer(money(totals.due), due);
}

/** Whether the customer is asked to pay by transfer: an open bank-transfer invoice or a failed card. */
function awaitsTransfer(payment: PaymentInfo): boolean {
  return payment.status === 'failed' || (payment.status === 'open' && payment.method !== 'card');
}

/** The bank details box for paying by transfer. */
function drawTransferDetails(ctx: PdfContext, iban: string): void {
  const { doc, invoice, labels } = ctx;
  const { issuer, payment, totals } = invoice;
  const rows = (
    [
      [labels.accountHolder, issuer.name, false],
      ['IBAN', groupedIban(iban), true],
      ['BIC', issuer.bic, false],
      [labels.bank, issuer.bankName, false],
      [labels.reference, payment.reference, true],
      [labels.amountDue, ctx.money(totals.due), false],
    ] as [string, string | undefined, boolean][]
  ).filter((row): row is [string, string, boolean] => Boolean(row[1]));
  let y = doc.y + 2;
  const boxHeight = rows.length * 11.5 + 8;
  if (y + boxHeight > CONTENT_BOTTOM) {
    doc.addPage();
    y = doc.y;
  }
  doc.rect(MARGIN.left, y, 300, boxHeight).fill(COLOR.band);
  y += 5;
  for (const [label, value, strong] of rows) {
    cell(doc, label, MARGIN.left + 8, y, 90, { size: SIZE.small, color: COLOR.muted });
    cell(doc, value, MARGIN.left + 100, y, 195, { font: strong ? 'bold' : 'regular' });
    y += 11.5;
  }
  doc.x = MARGIN.left;
  doc.y = y + 8;
}

function heading(ctx: PdfContext, text: string): void {
  const { doc } = ctx;
  // keep a heading with at least one line of its text
  if (doc.y + 30 > CONTENT_BOTTOM) doc.addPage();
  doc.moveDown(0.4);
  const y = doc.y;
  rule(doc, y, COLOR.rule);
  doc
    .font('bold')
    .fontSize(SIZE.body)
    .fillColor(COLOR.accent)
    .text(text, MARGIN.left, y + 5, { width: CONTENT_WIDTH });
  doc.moveDown(0.2);
}

function paragraph(ctx: PdfContext, text: string, font: 'regular' | 'bold' = 'regular', gap = 3): void {
  const { doc } = ctx;
  doc
    .font(font)
    .fontSize(SIZE.body)
    .fillColor(COLOR.text)
    .text(text, MARGIN.left, doc.y, { width: CONTENT_WIDTH, lineGap: 1 });
  doc.y += gap;
}
