// A rated session's breakdown as invoice sub-lines. Lines with the same meaning, unit price and VAT
// rate are merged (periods of one tariff window, and the step_size extra billed at that price), so
// a session shows e.g. "Energy 12.345 kWh × 0.39" once. Each sub-line carries its exact amount, the
// sum of the breakdown's exact costs: nothing is rounded here; computeInvoice rounds each sub-line
// once (see README.md). Hence Σ exactAmount of a session = the CDR's exact total_cost.excl_vat.
import { Dec, canonicalDecimal } from '../invoice/decimal';
import type { InputIssue } from '../invoice/errors';
import type { Language, PricedComponentDraft, QuantityUnit } from '../invoice/types';
import { componentLabel, type ComponentLabel } from './componentLabels';
import type { StoredRatedLine } from './ratingBreakdown';

interface Group {
  label: ComponentLabel;
  unit: QuantityUnit;
  unitPrice: string;
  vatRate: string;
  volume: Dec;
  exact: Dec;
}

/** Print order within a session. */
const ORDER: ComponentLabel[] = [
  'FLAT',
  'ENERGY',
  'TIME',
  'PARKING_TIME',
  'RESERVATION_FLAT',
  'RESERVATION_TIME',
  'MIN_PRICE',
  'MAX_PRICE',
  'FREE',
];

/** Exact shares of a price adjustment that has to be split over VAT rates carry this many decimals. */
const SHARE_DECIMALS = 12;

function labelOf(line: StoredRatedLine): ComponentLabel | undefined {
  const reservation = line.category === 'reservation';
  switch (line.dimension) {
    case 'FLAT':
      return reservation ? 'RESERVATION_FLAT' : 'FLAT';
    case 'TIME':
      return reservation ? 'RESERVATION_TIME' : 'TIME';
    case 'ENERGY':
      return 'ENERGY';
    case 'PARKING_TIME':
      return 'PARKING_TIME';
    default:
      return undefined;
  }
}

function unitOf(label: ComponentLabel): QuantityUnit {
  if (label === 'ENERGY') return 'kWh';
  if (label === 'TIME' || label === 'PARKING_TIME' || label === 'RESERVATION_TIME') return 'h';
  return 'session';
}

const vatRateOf = (line: StoredRatedLine) => canonicalDecimal(line.vat_percent ?? '0');

/** Usage, flat and step_size lines merged by meaning, unit price and VAT rate, in breakdown order. */
function usageGroups(lines: readonly StoredRatedLine[], path: string, issues: InputIssue[]): Group[] {
  const groups = new Map<string, Group>();
  lines.forEach((line, i) => {
    if (line.kind === 'unpriced' || line.category === 'price_limit') return;
    const label = labelOf(line);
    if (label === undefined || line.unit_price === null) {
      issues.push({
        path: `${path}.lines[${i}]`,
        message: `a ${line.kind} line needs a dimension and a unit price`,
      });
      return;
    }
    const unitPrice = canonicalDecimal(line.unit_price);
    const vatRate = vatRateOf(line);
    const key = `${label}|${unitPrice}|${vatRate}`;
    const group = groups.get(key) ?? {
      label,
      unit: unitOf(label),
      unitPrice,
      vatRate,
      volume: new Dec(0),
      exact: new Dec(0),
    };
    group.volume = group.volume.plus(line.volume);
    group.exact = group.exact.plus(line.cost_excl_vat);
    groups.set(key, group);
  });
  return [...groups.values()];
}

/**
 * A min/max price adjustment has no VAT rate of its own: it scales the session. With one rate in the
 * session it takes that rate; with several it is split in proportion to each rate's exact net, the
 * largest share taking the remainder so the parts add up exactly.
 */
function adjustmentGroups(label: ComponentLabel, amount: Dec, usage: readonly Group[]): Group[] {
  const byRate = new Map<string, Dec>();
  for (const group of usage)
    byRate.set(group.vatRate, (byRate.get(group.vatRate) ?? new Dec(0)).plus(group.exact));
  const base = [...byRate.values()].reduce((a, b) => a.plus(b), new Dec(0));
  const rates = [...byRate.entries()].sort((a, b) => b[1].cmp(a[1]));
  const adjustment = (vatRate: string, exact: Dec): Group => ({
    label,
    unit: 'session',
    unitPrice: exact.abs().toFixed(),
    vatRate,
    volume: new Dec(exact.isNegative() ? -1 : 1),
    exact,
  });
  if (rates.length <= 1 || base.isZero()) return [adjustment(rates[0]?.[0] ?? '0', amount)];
  const [largest, ...others] = rates;
  const shares = others.map(([rate, net]) =>
    adjustment(rate, amount.times(net).dividedBy(base).toDecimalPlaces(SHARE_DECIMALS, Dec.ROUND_HALF_UP)),
  );
  const rest = shares.reduce((left, share) => left.minus(share.exact), amount);
  return [adjustment(largest[0], rest), ...shares];
}

function limitGroups(lines: readonly StoredRatedLine[], usage: readonly Group[]): Group[] {
  return lines
    .filter((line) => line.kind === 'min_price' || line.kind === 'max_price')
    .filter((line) => !new Dec(line.cost_excl_vat).isZero())
    .flatMap((line) =>
      adjustmentGroups(
        line.kind === 'min_price' ? 'MIN_PRICE' : 'MAX_PRICE',
        new Dec(line.cost_excl_vat),
        usage,
      ),
    );
}

/** The session's invoice sub-lines; a session nothing priced gets one free line so it still shows. */
export function pricedComponents(
  lines: readonly StoredRatedLine[],
  language: Language,
  path: string,
  issues: InputIssue[],
): PricedComponentDraft[] {
  const usage = usageGroups(lines, path, issues);
  const groups = [...usage, ...limitGroups(lines, usage)];
  if (groups.length === 0) {
    groups.push({
      label: 'FREE',
      unit: 'session',
      unitPrice: '0',
      vatRate: '0',
      volume: new Dec(1),
      exact: new Dec(0),
    });
  }
  // Array#sort is stable: breakdown order is kept within a label.
  groups.sort((a, b) => ORDER.indexOf(a.label) - ORDER.indexOf(b.label));
  return groups.map((group) => ({
    description: componentLabel(group.label, language),
    quantity: group.volume.toFixed(),
    unit: group.unit,
    unitPrice: group.unitPrice,
    exactAmount: group.exact.toFixed(),
    vatRate: group.vatRate,
  }));
}
