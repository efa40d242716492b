// Page one's head: issuer, document title, recipient address and the document's key facts.
import { cell, COLOR, MARGIN, RIGHT_EDGE, SIZE } from './layout';
import { countryName, type PdfContext } from './context';

const META_X = 352;
const META_LABEL_WIDTH = 82;

/** Draws the head and returns the y where the body starts. */
export function drawHeader(ctx: PdfContext): number {
  const { doc, invoice, labels } = ctx;
  const { issuer, customer } = invoice;

  cell(doc, issuer.name, MARGIN.left, MARGIN.top, 280, {
    font: 'bold',
    size: SIZE.issuer,
    color: COLOR.accent,
  });
  const issuerLines = [...issuer.address.lines, `${issuer.address.postalCode} ${issuer.address.city}`];
  const contacts = [issuer.phone, issuer.email].filter((value): value is string => Boolean(value));
  [...issuerLines, ...contacts].forEach((line, i) =>
    cell(doc, line, MARGIN.left, MARGIN.top + 19 + i * 10, 280, { size: SIZE.small, color: COLOR.muted }),
  );
  const title = invoice.kind === 'credit_note' ? labels.creditNote : labels.invoice;
  cell(doc, title, META_X, MARGIN.top - 2, RIGHT_EDGE - META_X, {
    font: 'bold',
    size: SIZE.title,
    align: 'right',
    color: COLOR.accent,
  });

  // Recipient, with the sender line above it where a window envelope shows it.
  const addressTop = 148;
  const sender = [
    issuer.name,
    issuer.address.lines[0],
    `${issuer.address.postalCode} ${issuer.address.city}`,
  ].join(' · ');
  cell(doc, sender, MARGIN.left, addressTop - 14, 250, { size: SIZE.tiny, color: COLOR.muted });
  const recipient = [
    ...customer.address.lines,
    `${customer.address.postalCode} ${customer.address.city}`,
    ...(customer.address.country !== issuer.address.country
      ? [countryName(customer.address.country, ctx.language).toUpperCase()]
      : []),
  ];
  cell(doc, customer.name, MARGIN.left, addressTop, 250, { font: 'bold', size: 10 });
  recipient.forEach((line, i) => cell(doc, line, MARGIN.left, addressTop + 14 + i * 12, 250, { size: 9.5 }));
  let addressBottom = addressTop + 14 + recipient.length * 12;
  if (customer.vatId) {
    cell(doc, `${labels.vatId} ${customer.vatId}`, MARGIN.left, addressBottom + 4, 250, {
      size: SIZE.small,
      color: COLOR.muted,
    });
    addressBottom += 14;
  }

  const { references } = invoice;
  const facts: [string, string | undefined][] = [
    [labels.number, invoice.number],
    [labels.issueDate, ctx.date(invoice.issueDate)],
    [
      labels.servicePeriod,
      `${ctx.date(invoice.servicePeriod.start)} – ${ctx.date(invoice.servicePeriod.end)}`,
    ],
    [labels.taxPointDate, invoice.taxPointDate && ctx.date(invoice.taxPointDate)],
    [
      labels.dueDate,
      invoice.dueDate && invoice.payment.status !== 'paid' ? ctx.date(invoice.dueDate) : undefined,
    ],
    [labels.customerNumber, customer.id],
    [labels.contract, references.contractId],
    [labels.purchaseOrder, references.purchaseOrder],
    [
      labels.buyerReference,
      references.buyerReference !== customer.id && references.buyerReference !== invoice.number
        ? references.buyerReference
        : undefined,
    ],
  ];
  let y = 120;
  for (const [label, value] of facts) {
    if (!value) continue;
    cell(doc, label, META_X, y, META_LABEL_WIDTH, { size: SIZE.small, color: COLOR.muted });
    cell(doc, value, META_X + META_LABEL_WIDTH, y, RIGHT_EDGE - META_X - META_LABEL_WIDTH, {
      font: label === labels.number ? 'bold' : 'regular',
      size: SIZE.body,
    });
    y += 12.5;
  }

  let bodyTop = Math.max(addressBottom, y) + 26;
  if (invoice.creditedInvoice) {
    const { number, issueDate } = invoice.creditedInvoice;
    cell(
      doc,
      labels.creditsInvoice(number, ctx.date(issueDate)),
      MARGIN.left,
      bodyTop,
      RIGHT_EDGE - MARGIN.left,
      { font: 'bold' },
    );
    bodyTop += 18;
  }
  return bodyTop;
}
