// Charging (OCPI TIME) or idle (OCPI PARKING_TIME): the one rule both the live running totals and the
// CDR's charging periods use, so the two never disagree.
//
// OCPI 2.2.1 defines PARKING_TIME as "time not charging" and total_parking_time as the time "where the EV
// was not charging (no energy was transferred between EVSE and EV)". Taken literally that also makes the
// minute of plug-in handshake before the first kWh, or a pause the charger itself imposes, billable
// parking. Most CPOs bill those as charging time, so the defaults below do too; both are configurable.
import type { ConnectorState } from './types';
import { parseDecimal, type Dec as Decimal } from './decimal';

export type Activity = 'TIME' | 'PARKING_TIME';

export interface ActivityPolicy {
  /** Average power below this (W, decimal text) counts as not charging once energy has flowed. Default
   *  100 W: above what a full EV draws for its on-board electronics and climate, far below any real
   *  charging (a single-phase 6 A charge is ~1.4 kW). */
  idleBelowPowerW: string;
  /** Time before the first energy flows (Preparing, handshake, an EV waiting for its own schedule).
   *  Default TIME: the session has started and the bay is in use for charging. */
  beforeFirstEnergy: Activity;
  /** Time the charger withholds energy after charging began (SuspendedEVSE, Faulted, Unavailable):
   *  the driver did not cause it. Default TIME. */
  chargerPause: Activity;
}

export const DEFAULT_ACTIVITY_POLICY: ActivityPolicy = {
  idleBelowPowerW: '100',
  beforeFirstEnergy: 'TIME',
  chargerPause: 'TIME',
};

const CHARGER_SIDE_PAUSES: ReadonlySet<ConnectorState> = new Set(['SuspendedEVSE', 'Faulted', 'Unavailable']);

/** Whether the connector state lets energy flow. Unknown state (no StatusNotification yet) is taken as
 *  charging: the meter then decides alone. */
export function permitsEnergyFlow(state: ConnectorState | undefined): boolean {
  return state === undefined || state === 'Charging';
}

export interface ActivityInput {
  /** Connector state during the interval (undefined: none reported). */
  state: ConnectorState | undefined;
  /** Average power over the interval, W. */
  powerW: Decimal;
  /** Energy delivered in the session before the interval, Wh. */
  energyBeforeWh: Decimal;
}

/**
 * TIME when energy flows at or above the idle threshold (the meter outranks a stale status);
 * otherwise, before the first energy: `beforeFirstEnergy`; during a charger-side pause: `chargerPause`;
 * else (SuspendedEV, Finishing until unplugged, Available, or Charging at a trickle): PARKING_TIME.
 */
export function classifyActivity(input: ActivityInput, policy: ActivityPolicy): Activity {
  if (input.powerW.greaterThanOrEqualTo(policy.idleBelowPowerW)) return 'TIME';
  if (input.energyBeforeWh.isZero()) return policy.beforeFirstEnergy;
  if (input.state !== undefined && CHARGER_SIDE_PAUSES.has(input.state)) return policy.chargerPause;
  return 'PARKING_TIME';
}

export function resolveActivityPolicy(overrides: Partial<ActivityPolicy> | undefined): ActivityPolicy {
  const policy = { ...DEFAULT_ACTIVITY_POLICY, ...overrides };
  const threshold = parseDecimal(policy.idleBelowPowerW, 'activity policy: idleBelowPowerW');
  if (threshold.isNegative()) {
    throw new Error(
      `activity policy: idleBelowPowerW must be a non-negative number, got "${policy.idleBelowPowerW}"`,
    );
  }
  return policy;
}
