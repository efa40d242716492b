// Hand-written split plans for the CDR builder's tests: instants are given as literal UTC timestamps
// (computed by hand from the local wall-clock times the tests name), never by the code under test.
import type { SplitPlan } from '../../src/tariff/splitPlan';

export interface FixedPlan {
  instants?: string[];
  energyThresholdsWh?: string[];
  durationThresholdsSeconds?: number[];
  powerThresholdsW?: string[];
  currentThresholdsA?: string[];
}

export function fixedSplitPlan(plan: FixedPlan = {}): SplitPlan {
  const instants = (plan.instants ?? []).map((text) => Date.parse(text));
  return {
    instantsBetween: (fromMs, toMs) => instants.filter((ms) => ms > fromMs && ms < toMs),
    energyThresholdsWh: plan.energyThresholdsWh ?? [],
    durationThresholdsSeconds: plan.durationThresholdsSeconds ?? [],
    powerThresholdsW: plan.powerThresholdsW ?? [],
    currentThresholdsA: plan.currentThresholdsA ?? [],
  };
}
