// A realistic charging session played by a SimulatedCharger on simulated time: plug in, authorize,
// start, meter values every N simulated seconds along a power curve, SuspendedEV once the battery is
// full, an idle tail, then the driver unplugs (stop reason EVDisconnected).
import Decimal from 'decimal.js';
import type { MeterSample } from '../session/types';
import type { SimulatedCharger } from './charger';
import { chargeSteps, type BatteryModel } from './powerCurve';
import { SimClock } from './simClock';

export interface ChargingScenario {
  connectorId: number;
  idTag: string;
  /** ISO instant the EV plugs in; every timestamp of the session is computed from it. */
  startAt: string;
  /** Register before the session, whole Wh. */
  meterStartWh: string;
  sampleIntervalSeconds: number;
  battery: BatteryModel;
  /** Connected after the battery is full, before unplugging (PARKING_TIME). */
  idleTailSeconds: number;
  /** Supply used to derive current from power. Default 3 phases at 230 V. */
  phases?: number;
  voltageV?: string;
  /** OCPP 2.0.1: transaction starts once plugged in and authorized (default) or at plug-in, token later. */
  txStartPoint?: 'PowerPathClosed' | 'EVConnected';
  /** Real milliseconds per simulated second; 0 (default) plays as fast as the gateway answers. */
  paceMsPerSecond?: number;
}

export interface ScenarioResult {
  authorizationStatus: string;
  transactionId?: string;
  pluggedInAt: string;
  startedAt?: string;
  suspendedAt?: string;
  stoppedAt: string;
  meterStartWh: string;
  meterStopWh: string;
  /** meterStop − meterStart: what the session delivered as the meter shows it (whole Wh). */
  energyWh: string;
  /** The session's meter readings in order, begin and end registers included. */
  samples: MeterSample[];
}

// Seconds after plug-in.
const AUTHORIZE_AT = 2;
const START_AT = 3;

/** The meter shows whole Wh, truncated like a register display. */
function register(meterStart: Decimal, delivered: Decimal): string {
  return meterStart.plus(delivered).toDecimalPlaces(0, Decimal.ROUND_DOWN).toFixed();
}

export async function runChargingScenario(
  charger: SimulatedCharger,
  scenario: ChargingScenario,
): Promise<ScenarioResult> {
  const clock = new SimClock(scenario.startAt, scenario.paceMsPerSecond ?? 0);
  const { connectorId, idTag } = scenario;
  const meterStart = new Decimal(scenario.meterStartWh);
  const supplyW = new Decimal(scenario.voltageV ?? '230').times(scenario.phases ?? 3);
  const deferredToken = charger.ocppVersion === '2.0.1' && scenario.txStartPoint === 'EVConnected';
  const samples: MeterSample[] = [];
  const pluggedInAt = clock.now;
  const unplugged = async (authorizationStatus: string): Promise<ScenarioResult> => {
    await charger.status(connectorId, 'Available', clock.now);
    const meter = register(meterStart, new Decimal(0));
    return {
      authorizationStatus,
      pluggedInAt,
      stoppedAt: clock.now,
      meterStartWh: meter,
      meterStopWh: meter,
      energyWh: '0',
      samples,
    };
  };

  await charger.status(connectorId, 'Preparing', pluggedInAt);
  let transactionId: string | undefined;
  if (deferredToken) {
    samples.push({ timestamp: pluggedInAt, energyWh: scenario.meterStartWh, context: 'Transaction.Begin' });
    ({ transactionId } = await charger.startTransaction({
      connectorId,
      meterStartWh: scenario.meterStartWh,
      timestamp: pluggedInAt,
    }));
  }

  await clock.advanceTo(AUTHORIZE_AT);
  const authorization = await charger.authorize(idTag);
  if (authorization.status !== 'Accepted' && !deferredToken) return unplugged(authorization.status);

  const startedAt = await clock.advanceTo(START_AT);
  let startStatus: string;
  if (transactionId !== undefined) {
    startStatus = (await charger.authorizeTransaction(transactionId, idTag, startedAt)).status;
  } else {
    samples.push({ timestamp: startedAt, energyWh: scenario.meterStartWh, context: 'Transaction.Begin' });
    const started = await charger.startTransaction({
      connectorId,
      idTag,
      meterStartWh: scenario.meterStartWh,
      timestamp: startedAt,
    });
    transactionId = started.transactionId;
    startStatus = started.authorization?.status ?? authorization.status;
  }
  const tx = transactionId;

  let delivered = new Decimal(0);
  let suspendedAt: string | undefined;
  if (startStatus === 'Accepted') {
    await charger.chargingState(connectorId, tx, 'Charging', startedAt);
    for (const step of chargeSteps(scenario.battery, scenario.sampleIntervalSeconds)) {
      delivered = delivered.plus(step.energyWh);
      const sample: MeterSample = {
        timestamp: await clock.advanceTo(START_AT + step.endSeconds),
        energyWh: register(meterStart, delivered),
        powerW: step.powerW.toDecimalPlaces(0, Decimal.ROUND_HALF_UP).toFixed(),
        currentA: step.powerW.dividedBy(supplyW).toDecimalPlaces(1, Decimal.ROUND_HALF_UP).toFixed(),
        socPercent: step.socPercent.toDecimalPlaces(1, Decimal.ROUND_DOWN).toFixed(),
        context: 'Sample.Periodic',
      };
      samples.push(sample);
      await charger.sendMeterValues(connectorId, [sample], tx);
    }
    suspendedAt = clock.now;
    await charger.chargingState(connectorId, tx, 'SuspendedEV', suspendedAt);
    const idleStart = clock.seconds;
    for (
      let t = scenario.sampleIntervalSeconds;
      t <= scenario.idleTailSeconds;
      t += scenario.sampleIntervalSeconds
    ) {
      const sample: MeterSample = {
        timestamp: await clock.advanceTo(idleStart + t),
        energyWh: register(meterStart, delivered),
        powerW: '0',
        currentA: '0',
        context: 'Sample.Periodic',
      };
      samples.push(sample);
      await charger.sendMeterValues(connectorId, [sample], tx);
    }
    await clock.advanceTo(idleStart + scenario.idleTailSeconds);
  }

  const stoppedAt = clock.now;
  const meterStopWh = register(meterStart, delivered);
  const end: MeterSample = { timestamp: stoppedAt, energyWh: meterStopWh, context: 'Transaction.End' };
  samples.push(end);
  await charger.stopTransaction({
    transactionId: tx,
    meterStopWh,
    timestamp: stoppedAt,
    reason: startStatus === 'Accepted' ? 'EVDisconnected' : 'DeAuthorized',
    // 1.6 carries the end register in meterStop; 2.0.1's stop adds its own Transaction.End sample.
    samples: charger.ocppVersion === '1.6' ? [end] : [],
  });
  await charger.status(connectorId, 'Available', stoppedAt);
  return {
    authorizationStatus: startStatus,
    transactionId: tx,
    pluggedInAt,
    startedAt,
    suspendedAt,
    stoppedAt,
    meterStartWh: scenario.meterStartWh,
    meterStopWh,
    energyWh: new Decimal(meterStopWh).minus(meterStart).toFixed(),
    samples,
  };
}
