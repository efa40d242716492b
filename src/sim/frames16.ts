// OCPP 1.6J payloads of the simulated charger.
import type { ConnectorState, MeterSample } from '../session/types';
import { ENERGY_REGISTER, sampledValuesOf, type EnergyUnit } from './readings';

export function meterValue16(sample: MeterSample, energyUnit: EnergyUnit) {
  const context = sample.context ? { context: sample.context } : {};
  const sampledValue: object[] = sampledValuesOf(sample, energyUnit).map(({ location, ...value }) => ({
    ...value,
    ...(location ? { location } : {}),
    ...context,
  }));
  if (sample.signedData !== undefined) {
    sampledValue.push({
      value: sample.signedData,
      format: 'SignedData',
      measurand: ENERGY_REGISTER,
      ...context,
    });
  }
  return { timestamp: sample.timestamp, sampledValue };
}

export function statusNotification16(connectorId: number, state: ConnectorState, timestamp: string) {
  return { connectorId, errorCode: 'NoError', status: state, timestamp };
}
