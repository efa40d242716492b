// VAT per category and rate, as EN 16931 defines it: the tax is computed on the sum of the
// rounded line nets of a category and rate (BR-S-08, BR-CO-17), never per line.
import { canonicalDecimal, Dec, moneyString, roundToMinorUnits } from './decimal';
import type { PricedComponent, VatBreakdown, VatCategory } from './types';

/** VATEX code and text carried with reverse-charge lines (BT-121, BT-120). */
export const REVERSE_CHARGE_REASON = { code: 'VATEX-EU-AE', text: 'Reverse charge' } as const;

/** Print order of the categories in the summary. */
const CATEGORY_ORDER: Record<VatCategory, number> = { S: 0, Z: 1, E: 2, AE: 3 };

export function vatBreakdown(components: readonly PricedComponent[], currency: string): VatBreakdown[] {
  const groups = new Map<string, { category: VatCategory; rate: string; base: Dec; reasons: Set<string> }>();
  for (const component of components) {
    const rate = canonicalDecimal(component.vatRate);
    const key = `${component.vatCategory}|${rate}`;
    const group = groups.get(key) ?? {
      category: component.vatCategory,
      rate,
      base: new Dec(0),
      reasons: new Set(),
    };
    group.base = group.base.plus(component.netAmount);
    if (component.vatExemptionReason) group.reasons.add(component.vatExemptionReason);
    groups.set(key, group);
  }
  return [...groups.values()]
    .sort((a, b) => CATEGORY_ORDER[a.category] - CATEGORY_ORDER[b.category] || new Dec(b.rate).cmp(a.rate))
    .map((group): VatBreakdown => {
      const vat = roundToMinorUnits(group.base.times(group.rate).dividedBy(100), currency);
      return {
        category: group.category,
        rate: group.rate,
        taxableAmount: moneyString(group.base, currency),
        vatAmount: moneyString(vat, currency),
        ...exemption(group.category, [...group.reasons]),
      };
    });
}

function exemption(
  category: VatCategory,
  reasons: string[],
): Pick<VatBreakdown, 'exemptionReason' | 'exemptionReasonCode'> {
  if (category === 'AE')
    return { exemptionReason: REVERSE_CHARGE_REASON.text, exemptionReasonCode: REVERSE_CHARGE_REASON.code };
  if (category === 'E') return { exemptionReason: reasons.join('; ') };
  return {};
}
