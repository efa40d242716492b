// The rating breakdown as stored beside a CDR (src/tariff RatingBreakdown, serialised: every exact value
// a decimal string). Read back through a schema so a missing or malformed breakdown fails with the CDR
// and the JSON path at fault instead of a wrong invoice.
import { z } from 'zod';
import type { CdrRecord } from '../db/repos/cdrs';
import { jsonPath, type InputIssue } from '../invoice/errors';
import type { CostCategory, LineKind } from '../tariff/engine/rating';
import type { TariffDimensionType } from '../tariff/types';

const decimal = z.string().regex(/^-?\d+(\.\d+)?$/, { error: 'expected an exact decimal string' });
const price = z.object({ excl_vat: decimal, incl_vat: decimal });

const LINE_KINDS = [
  'usage',
  'unpriced',
  'flat',
  'step_size',
  'min_price',
  'max_price',
] as const satisfies readonly LineKind[];
const CATEGORIES = [
  'energy',
  'time',
  'parking',
  'fixed',
  'reservation',
  'price_limit',
] as const satisfies readonly CostCategory[];
const DIMENSIONS = [
  'ENERGY',
  'FLAT',
  'PARKING_TIME',
  'TIME',
] as const satisfies readonly TariffDimensionType[];

const line = z.object({
  kind: z.enum(LINE_KINDS),
  category: z.enum(CATEGORIES),
  dimension: z.enum(DIMENSIONS).nullable(),
  volume: decimal,
  unit_price: decimal.nullable(),
  vat_percent: decimal.nullable(),
  cost_excl_vat: decimal,
  cost_incl_vat: decimal,
});

const breakdownSchema = z.object({
  currency: z.string(),
  exact_totals: z.object({
    total_cost: price,
    total_energy: decimal,
    total_time: decimal,
    total_parking_time: decimal,
  }),
  lines: z.array(line),
});

/** What billing reads of a stored breakdown. */
export type StoredBreakdown = z.infer<typeof breakdownSchema>;
export type StoredRatedLine = StoredBreakdown['lines'][number];

/** The CDR's breakdown: the `breakdown` column, else the one embedded in the priced CDR. */
export function breakdownOf(record: CdrRecord, path: string): StoredBreakdown | InputIssue[] {
  const stored =
    record.breakdown ?? (record.cdr as { chargeledger_breakdown?: unknown }).chargeledger_breakdown;
  if (stored === undefined || stored === null) {
    return [
      { path: `${path}.breakdown`, message: `CDR ${record.id} is not rated: it has no rating breakdown` },
    ];
  }
  const parsed = breakdownSchema.safeParse(stored);
  if (!parsed.success) {
    return parsed.error.issues.map((issue) => ({
      path: `${path}.breakdown${issue.path.length ? '.' : ''}${jsonPath(issue.path)}`,
      message: issue.message,
    }));
  }
  if (parsed.data.currency !== record.currency.toUpperCase()) {
    return [
      {
        path: `${path}.breakdown.currency`,
        message: `rated in ${parsed.data.currency} but the CDR is in ${record.currency}`,
      },
    ];
  }
  return parsed.data;
}
