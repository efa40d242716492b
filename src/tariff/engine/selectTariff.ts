// Which tariff prices a session when several are offered (a connector's tariff_ids, a CDR's tariffs).
//
// Rule (documented in README): the driver accepts the tariff valid when the session starts (OCPI
// mod_tariffs note on start_date_time/end_date_time), so selection happens once, at the session's
// first instant; tariffs are not switched mid-session unless a period names its tariff_id.
//  1. Type: tariffs whose `type` equals the session's type (default REGULAR; AD_HOC_PAYMENT for
//     terminal payments, PROFILE_* for charging preferences) come first, then tariffs without a
//     type ("valid for all sessions"). If neither exists, all tariffs are considered (warning).
//  2. Validity: start_date_time ≤ session start < end_date_time.
//  3. Among valid tariffs of the best type group, the one that became active last (latest
//     start_date_time: a successor announced in advance replaces its predecessor); ties keep list order.
//  4. When none is valid at the session start, the first candidate is used and a warning says so.
import { InputError } from '../parse/issues';
import type { TariffType } from '../types';
import type { CompiledTariff } from './compiledTariff';
import type { RatingWarning } from './rating';

export interface TariffChoice {
  tariff: CompiledTariff;
  warnings: RatingWarning[];
}

export function selectTariff(
  tariffs: readonly CompiledTariff[],
  atMs: number,
  type: TariffType = 'REGULAR',
): TariffChoice {
  if (tariffs.length === 0) {
    throw new InputError({
      severity: 'error',
      code: 'no_tariff',
      path: 'tariffs',
      message: 'no tariff to rate with: the CDR embeds none and none was given',
    });
  }
  const only = tariffs.length === 1 ? tariffs[0] : undefined;
  if (
    only &&
    (only.type === type || only.type === undefined) &&
    only.validFromMs <= atMs &&
    atMs < only.validUntilMs
  ) {
    return { tariff: only, warnings: [] }; // the common case, without the general search's allocations
  }
  const warnings: RatingWarning[] = [];
  const typed = tariffs.filter((t) => t.type === type);
  const untyped = tariffs.filter((t) => t.type === undefined);
  let groups = [typed, untyped];
  if (typed.length + untyped.length === 0) {
    groups = [[...tariffs]];
    warnings.push({
      code: 'no_tariff_of_type',
      message: `no tariff has type ${type} or no type; using the offered tariffs regardless of type`,
    });
  }
  for (const group of groups) {
    const valid = group.filter((t) => t.validFromMs <= atMs && atMs < t.validUntilMs);
    if (valid.length > 0) {
      return { tariff: valid.reduce((best, t) => (t.validFromMs > best.validFromMs ? t : best)), warnings };
    }
  }
  const fallback = groups.find((group) => group.length > 0)![0];
  warnings.push({
    code: 'tariff_not_valid_at_session_start',
    message: `no offered tariff is valid at the session start; tariff ${fallback.id} is used outside its start_date_time/end_date_time`,
  });
  return { tariff: fallback, warnings };
}
