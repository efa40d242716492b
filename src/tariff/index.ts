// Public API of the rating engine. Pure TypeScript (decimal arithmetic, luxon for time zones):
// importable from Temporal workflow code. See README.md for the rules and the rounding policy.
export type * from './types';
export type { SplitPlan } from './splitPlan';
export { ExactDecimal } from './decimal/exactDecimal';
export { InputError, formatIssue, type InputIssue, type IssueSeverity } from './parse/issues';
export { parseJsonText } from './parse/jsonText';
export {
  parseCdr,
  parseCdrJson,
  parseTariff,
  parseTariffJson,
  parseTariffList,
  validateCdr,
  validateTariff,
  type Parsed,
} from './parse/parseDocuments';
export { compileTariff, type CompiledTariff } from './engine/compiledTariff';
export { rateCdr, type RateOptions, type RatableCdr } from './engine/rateCdr';
export { MONEY_TOTALS, QUANTITY_TOTALS } from './engine/rating';
export type {
  CdrRating,
  CostCategory,
  ExactPrice,
  LineKind,
  RatedLine,
  RatedTotals,
  RatingWarning,
  StepAdjustment,
} from './engine/rating';
export {
  pricedCdr,
  roundForOcpi,
  OCPI_DECIMALS,
  ROUNDING_POLICY,
  type PricedCdr,
  type RatingBreakdown,
} from './engine/pricedCdr';
export { costSoFar, type SessionSoFar } from './engine/costSoFar';
export { selectTariff } from './engine/selectTariff';
export { splitPlanFor } from './boundaries';
