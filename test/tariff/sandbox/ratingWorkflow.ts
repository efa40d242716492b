// A workflow running the rating engine inside Temporal's deterministic sandbox: parse, rate with
// DST-sensitive restrictions, price the CDR, split plan, cost so far and the plain-words description.
import { describeTariff } from '../../../src/tariff/describe/describeTariff';
import { splitPlanFor } from '../../../src/tariff/boundaries';
import { costSoFar } from '../../../src/tariff/engine/costSoFar';
import { pricedCdr } from '../../../src/tariff/engine/pricedCdr';
import { rateCdr } from '../../../src/tariff/engine/rateCdr';
import { parseCdr, parseTariff } from '../../../src/tariff/parse/parseDocuments';

export interface RatingSandboxInput {
  tariff: unknown;
  cdr: unknown;
  timeZone: string;
}

export function ratingOf(input: RatingSandboxInput) {
  const tariff = parseTariff(input.tariff).value;
  const cdr = parseCdr(input.cdr).value;
  const priced = pricedCdr(cdr, rateCdr(cdr, { tariffs: [tariff], timeZone: input.timeZone }));
  const plan = splitPlanFor(tariff, input.timeZone);
  const soFar = costSoFar(tariff, {
    startDateTime: cdr.start_date_time,
    asOf: cdr.charging_periods[1].start_date_time,
    chargingPeriods: cdr.charging_periods.slice(0, 1),
  });
  return {
    priced,
    splitInstants: plan
      .instantsBetween(Date.parse(cdr.start_date_time), Date.parse(cdr.end_date_time))
      .map((ms) => new Date(ms).toISOString()),
    costSoFar: soFar.totals.total_cost.excl_vat.toString(),
    description: describeTariff(tariff).lines,
    german: describeTariff(tariff, { language: 'de' }).lines,
  };
}

export async function ratingInSandbox(input: RatingSandboxInput): Promise<ReturnType<typeof ratingOf>> {
  return ratingOf(input);
}
