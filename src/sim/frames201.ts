// OCPP 2.0.1 payloads of the simulated charging station. Sampled values are JSON numbers on the
// wire: Number(text) serializes back to the same text for the short decimals a meter reports.
import type { ConnectorState, MeterSample } from '../session/types';
import { ENERGY_REGISTER, sampledValuesOf, type EnergyUnit } from './readings';

export function meterValue201(sample: MeterSample, energyUnit: EnergyUnit) {
  const sampledValue = sampledValuesOf(sample, energyUnit).map(({ measurand, value, unit, location }) => ({
    value: Number(value),
    measurand,
    unitOfMeasure: { unit },
    ...(location ? { location } : {}),
    ...(sample.context ? { context: sample.context } : {}),
    ...(measurand === ENERGY_REGISTER && sample.signedData !== undefined
      ? {
          signedMeterValue: {
            signedMeterData: sample.signedData,
            signingMethod: '',
            encodingMethod: sample.signedFormat ?? 'OCMF',
            publicKey: '',
          },
        }
      : {}),
  }));
  return { timestamp: sample.timestamp, sampledValue };
}

/** StatusNotification carries only whether the connector is free; charging detail goes in TransactionEvent. */
export function connectorStatus201(state: ConnectorState): string {
  return state === 'Available' || state === 'Unavailable' || state === 'Faulted' ? state : 'Occupied';
}

export function chargingState201(state: ConnectorState): string {
  switch (state) {
    case 'Charging':
    case 'SuspendedEV':
    case 'SuspendedEVSE':
      return state;
    case 'Available':
      return 'Idle';
    default:
      return 'EVConnected';
  }
}
