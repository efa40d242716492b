// The session the lifecycle tests play at the Berlin site of fixtures.ts, and its totals worked out by
// hand (Europe/Berlin, winter, UTC+1; tariff TOD-1: 0.30 €/kWh 06:00–18:00 local, 0.45 €/kWh otherwise,
// 0.50 € per session, idle 6.00 €/h per started minute, VAT 19 %).
//
// Start 16:15:03Z (17:15:03 local), 12 kW for exactly one hour: one sample per simulated minute,
// 200 Wh each; then SuspendedEV and a 20-minute idle tail with one sample per minute; unplug.
//   before 18:00 local = 17:00:00Z: 2697 s × 12 kW = 8.99 kWh × 0.30 = 2.697
//   after:                            903 s × 12 kW = 3.01 kWh × 0.45 = 1.3545   energy 4.0515 (× 1.19 = 4.821285)
//   session fee 0.50 (0.595 incl), idle 20 min × 6.00 €/h = 2.00 (2.38 incl)
//   total 6.5515 excl; 7.796285 incl → 7.7963 (OCPI totals: 4 decimals, half-up)
import type { ChargingScenario } from '../../src/sim';
import { TOKEN_UID } from './fixtures';

export const BERLIN_EVENING: ChargingScenario = {
  connectorId: 1,
  idTag: TOKEN_UID,
  startAt: '2026-01-15T16:15:00Z',
  meterStartWh: '1000000',
  sampleIntervalSeconds: 60,
  battery: {
    capacityWh: '60000',
    startSocPercent: '20',
    targetSocPercent: '40',
    maxPowerW: '12000',
    taperFromSocPercent: '100',
    minPowerW: '12000',
  },
  idleTailSeconds: 1200,
};

/** What the whole BERLIN_EVENING session bills. */
export const BERLIN_EVENING_TOTALS = {
  startDateTime: '2026-01-15T16:15:03Z',
  endDateTime: '2026-01-15T17:35:03Z',
  /** 60 charging samples and 20 idle ones. */
  meterValues: 80,
  energyWh: '12000',
  totalCost: { excl_vat: '6.5515', incl_vat: '7.7963' },
};

/** Register (Wh) the BERLIN_EVENING meter shows after `minutes` of charging (at most 60). */
export function berlinRegisterAfter(minutes: number): string {
  return String(1_000_000 + 200 * Math.min(minutes, 60));
}

/**
 * The session so far after 30 charging samples (16:45:03Z, still before the price change), or a session
 * that ends there: 6 kWh × 0.30 = 1.80 + 0.50 fee = 2.30 excl; 2.142 + 0.595 = 2.737 incl. No idle time.
 */
export const FIRST_HALF_HOUR = {
  meterValues: 30,
  lastSampleAt: '2026-01-15T16:45:03Z',
  energyWh: '6000',
  totalCost: { excl_vat: '2.3', incl_vat: '2.737' },
};
