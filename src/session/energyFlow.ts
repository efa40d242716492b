// Where, between two meter readings, the energy flowed. A meter only tells how much energy passed between
// two readings; the connector states in between tell when it could have passed. Energy is spread evenly in
// time over the parts where the state lets it flow (Charging, or no state known) — the linear model OCPI
// expects a CPO to interpolate with. When the meter shows energy although no part permits it, the states
// are stale and the meter wins: the energy is spread over the whole segment.
import { permitsEnergyFlow } from './activity';
import { averagePowerW, Dec, ZERO, type Dec as Decimal } from './decimal';
import type { ConnectorState } from './types';

export interface StateSpan {
  startMs: number;
  endMs: number;
  state: ConnectorState | undefined;
}

export interface FlowSpan extends StateSpan {
  /** Average power during the span, W. */
  powerW: Decimal;
  /** Energy delivered during the span, Wh. */
  energyWh: Decimal;
}

/**
 * Spreads `deltaWh` (energy between two readings) over contiguous spans of positive duration that cover
 * the segment between the readings. The spans' energies add up to `deltaWh` exactly: the last carrier
 * takes the remainder of the interpolation's divisions.
 */
export function spreadSegmentEnergy(deltaWh: Decimal, spans: readonly StateSpan[]): FlowSpan[] {
  if (deltaWh.isZero()) return spans.map((span) => ({ ...span, powerW: ZERO, energyWh: ZERO }));
  const permitted = spans.filter((span) => permitsEnergyFlow(span.state));
  const carriers = new Set(permitted.length > 0 ? permitted : spans);
  let carrierMs = 0;
  for (const span of carriers) carrierMs += span.endMs - span.startMs;
  const powerW = averagePowerW(deltaWh, carrierMs);

  let remaining = new Dec(deltaWh);
  let carriersLeft = carriers.size;
  return spans.map((span) => {
    if (!carriers.has(span)) return { ...span, powerW: ZERO, energyWh: ZERO };
    carriersLeft -= 1;
    const energyWh =
      carriersLeft === 0 ? remaining : deltaWh.times(span.endMs - span.startMs).dividedBy(carrierMs);
    remaining = remaining.minus(energyWh);
    return { ...span, powerW, energyWh };
  });
}
