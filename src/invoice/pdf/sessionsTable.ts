// The sessions table: one block per session (heading, where and when, priced components,
// signed meter readings). A block never splits across pages; each page repeats the column heads.
import {
  formatDuration,
  formatPercent,
  formatQuantity,
  formatSessionPeriod,
  formatUnitPrice,
} from '../format';
import type { SessionLine } from '../types';
import type { PdfContext } from './context';
import { cell, COLOR, CONTENT_BOTTOM, CONTENT_WIDTH, MARGIN, rule, SIZE } from './layout';
import { meterDataFileName } from './meterDataFile';

const COLUMN_WIDTHS = [231, 75, 70, 40, 75] as const;
const COLUMN_X = COLUMN_WIDTHS.map(
  (_, i) => MARGIN.left + COLUMN_WIDTHS.slice(0, i).reduce((a, b) => a + b, 0),
);
const HEAD_HEIGHT = 17;
const ROW = { title: 12.5, detail: 10, component: 11.5, meter: 9.5, gap: 7 } as const;
const INDENT = 8;

export function drawSessionsTable(ctx: PdfContext, top: number, newPage: () => number): number {
  let y = drawColumnHeads(ctx, top, false);
  ctx.invoice.lines.forEach((line, index) => {
    const height = blockHeight(line);
    if (y + height > CONTENT_BOTTOM) y = drawColumnHeads(ctx, newPage(), true);
    y = drawSession(ctx, line, index, y);
  });
  return y;
}

function drawColumnHeads(ctx: PdfContext, y: number, continued: boolean): number {
  const { doc, labels } = ctx;
  cell(
    doc,
    continued ? `${labels.sessions} (${labels.continued})` : labels.sessions,
    MARGIN.left,
    y,
    CONTENT_WIDTH,
    {
      font: 'bold',
      size: 10,
      color: COLOR.accent,
    },
  );
  y += 16;
  doc.rect(MARGIN.left, y, CONTENT_WIDTH, HEAD_HEIGHT).fill(COLOR.band);
  const heads = [labels.description, labels.quantity, labels.unitPrice, labels.vatRate, labels.netAmount];
  heads.forEach((head, i) =>
    cell(doc, head, COLUMN_X[i] + (i === 0 ? 4 : 0), y + 5, COLUMN_WIDTHS[i] - 4, {
      font: 'bold',
      size: SIZE.small,
      align: i === 0 ? 'left' : 'right',
    }),
  );
  return y + HEAD_HEIGHT + 5;
}

function blockHeight(line: SessionLine): number {
  const meterRows = line.signedMeterData
    ? 2 + (line.signedMeterData.start ? 1 : 0) + (line.signedMeterData.stop ? 1 : 0)
    : 0;
  return (
    ROW.title + ROW.detail * 2 + ROW.component * line.components.length + ROW.meter * meterRows + ROW.gap + 2
  );
}

function drawSession(ctx: PdfContext, line: SessionLine, index: number, top: number): number {
  const { doc, invoice, labels, language } = ctx;
  const zone = invoice.timeZone;
  const fullWidth = CONTENT_WIDTH - 4;
  let y = top;

  cell(
    doc,
    `${labels.session} ${line.id} · ${line.location.name}`,
    MARGIN.left + 4,
    y,
    COLUMN_WIDTHS[0] + 150,
    { font: 'bold' },
  );
  cell(doc, ctx.money(line.netAmount), COLUMN_X[4], y, COLUMN_WIDTHS[4], { font: 'bold', align: 'right' });
  y += ROW.title;

  const details = [
    [line.location.address, `${labels.evse} ${line.evseId}`, line.cdrId && `CDR ${line.cdrId}`],
    [
      formatSessionPeriod(line.start, line.end, zone, language),
      `${labels.energy} ${formatQuantity(line.energyKwh, 'kWh', language)} kWh`,
      `${labels.chargingTime} ${formatDuration(line.chargingSeconds)}`,
      `${labels.idleTime} ${formatDuration(line.idleSeconds)}`,
    ],
  ];
  for (const parts of details) {
    cell(doc, parts.filter(Boolean).join(' · '), MARGIN.left + 4, y, fullWidth, {
      size: SIZE.small,
      color: COLOR.muted,
    });
    y += ROW.detail;
  }

  for (const component of line.components) {
    const unit = labels.units[component.unit];
    const values = [
      component.description,
      `${formatQuantity(component.quantity, component.unit, language)} ${unit}`,
      formatUnitPrice(component.unitPrice, invoice.currency, language),
      formatPercent(component.vatRate, language),
      ctx.money(component.netAmount),
    ];
    values.forEach((value, i) =>
      cell(
        doc,
        value,
        COLUMN_X[i] + (i === 0 ? 4 + INDENT : 0),
        y + 1.5,
        COLUMN_WIDTHS[i] - (i === 0 ? 4 + INDENT : 0),
        {
          align: i === 0 ? 'left' : 'right',
        },
      ),
    );
    y += ROW.component;
  }

  const meter = line.signedMeterData;
  if (meter) {
    const rows = [
      `${labels.signedMeterData}: ${meter.format}${meter.meterId ? ` · ${labels.meter} ${meter.meterId}` : ''}`,
      ...(meter.start ? [reading(labels.startReading, meter.start)] : []),
      ...(meter.stop ? [reading(labels.stopReading, meter.stop)] : []),
      `${labels.attachment}: ${meterDataFileName(line, index)}`,
    ];
    for (const row of rows) {
      cell(doc, row, MARGIN.left + 4 + INDENT, y + 1, fullWidth - INDENT, {
        size: SIZE.tiny,
        color: COLOR.muted,
      });
      y += ROW.meter;
    }
  }
  y += ROW.gap - 4;
  rule(doc, y);
  return y + 6;
}

function reading(
  label: string,
  value: { time: string; value: string; unit: string; status?: string },
): string {
  return `${label}: ${value.value} ${value.unit} · ${value.time}${value.status ? ` · Status ${value.status}` : ''}`;
}
