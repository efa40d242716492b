// min_price / max_price (OCPI mod_tariffs, Tariff object notes): the session total excl. VAT is
// never below min_price.excl_vat nor above max_price.excl_vat, and independently the total incl.
// VAT is held between the incl_vat bounds. When a limit gives no incl_vat, its incl. VAT bound is
// derived from the session's own VAT ratio (bound_excl × total_incl ÷ total_excl), i.e. the limit
// scales every line's VAT alike. min_price is applied first, then max_price (max wins if the tariff
// contradicts itself; the linter reports that). Each adjustment is a breakdown line of its own.
import { ExactDecimal } from '../decimal/exactDecimal';
import type { PriceLimit } from './compiledTariff';
import type { ExactPrice, LineKind, RatedLine } from './rating';
import { INTERNAL_SCALE } from './stepSize';

export function priceLimitLine(
  kind: Extract<LineKind, 'min_price' | 'max_price'>,
  limit: PriceLimit | undefined,
  total: ExactPrice,
  tariffId: string,
): RatedLine | undefined {
  if (!limit) return undefined;
  const inclBound = limit.inclVat ?? derivedInclBound(limit.exclVat, total);
  const adjustExcl = beyond(kind, total.excl_vat, limit.exclVat)
    ? limit.exclVat.minus(total.excl_vat)
    : ExactDecimal.ZERO;
  const adjustIncl = beyond(kind, total.incl_vat, inclBound)
    ? inclBound.minus(total.incl_vat)
    : ExactDecimal.ZERO;
  if (adjustExcl.isZero() && adjustIncl.isZero()) return undefined;
  const bound = `${limit.exclVat.toString()} excl. VAT / ${inclBound.toString()} incl. VAT${limit.inclVat ? '' : ' (derived)'}`;
  return {
    kind,
    category: 'price_limit',
    period_index: null,
    tariff_id: tariffId,
    element_index: null,
    component_index: null,
    dimension: null,
    volume: ExactDecimal.ONE,
    unit_price: null,
    vat_percent: null,
    cost_excl_vat: adjustExcl,
    cost_incl_vat: adjustIncl,
    note:
      kind === 'min_price'
        ? `session total raised to the tariff's min_price ${bound}`
        : `session total capped at the tariff's max_price ${bound}`,
  };
}

/** Below a minimum or above a maximum. */
function beyond(kind: 'min_price' | 'max_price', value: ExactDecimal, bound: ExactDecimal): boolean {
  return kind === 'min_price' ? value.compare(bound) < 0 : value.compare(bound) > 0;
}

function derivedInclBound(exclBound: ExactDecimal, total: ExactPrice): ExactDecimal {
  if (total.excl_vat.isZero()) return exclBound;
  return exclBound.times(total.incl_vat).dividedBy(total.excl_vat, INTERNAL_SCALE);
}
