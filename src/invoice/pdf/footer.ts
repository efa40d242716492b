// Every page's foot: the issuer's legal data in three columns and "page x of y".
import { groupedIban, type PdfContext } from './context';
import { cell, COLOR, CONTENT_WIDTH, FOOTER_TOP, MARGIN, RIGHT_EDGE, rule, SIZE } from './layout';

const LINE = 8.5;

export function drawFooters(ctx: PdfContext): void {
  const { doc, invoice, labels } = ctx;
  const { issuer } = invoice;
  const columns = [
    [issuer.name, ...issuer.address.lines, `${issuer.address.postalCode} ${issuer.address.city}`],
    [
      issuer.vatId && `${labels.vatId} ${issuer.vatId}`,
      issuer.taxRegistration && `${labels.taxNumber} ${issuer.taxRegistration}`,
      ...(issuer.legalInfo ?? [issuer.legalRegistration]),
    ],
    [issuer.bankName, issuer.iban && `IBAN ${groupedIban(issuer.iban)}`, issuer.bic && `BIC ${issuer.bic}`],
  ].map((column) => column.filter((line): line is string => Boolean(line)));
  const columnWidth = CONTENT_WIDTH / 3;
  const { start, count } = doc.bufferedPageRange();
  for (let page = start; page < start + count; page++) {
    doc.switchToPage(page);
    // Writing below the bottom margin would make PDFKit open a new page.
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0;
    rule(doc, FOOTER_TOP, COLOR.rule);
    columns.forEach((lines, i) =>
      lines.slice(0, 5).forEach((line, j) =>
        cell(doc, line, MARGIN.left + i * columnWidth, FOOTER_TOP + 6 + j * LINE, columnWidth - 8, {
          size: SIZE.tiny,
          color: COLOR.muted,
        }),
      ),
    );
    const pageLabel = `${invoice.number} · ${labels.page(page - start + 1, count)}`;
    cell(doc, pageLabel, RIGHT_EDGE - 200, FOOTER_TOP + 6 + 5 * LINE, 200, {
      size: SIZE.tiny,
      color: COLOR.muted,
      align: 'right',
    });
    doc.page.margins.bottom = bottom;
  }
}
