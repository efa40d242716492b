// The simulated charger and its scenario runner (demo, end-to-end tests, session benchmark).
export {
  SimulatedCharger,
  type SimulatedChargerOptions,
  type SimOcppVersion,
  type TokenAnswer,
} from './charger';
export { runChargingScenario, type ChargingScenario, type ScenarioResult } from './scenario';
export { chargeSteps, powerAt, type BatteryModel, type ChargeStep } from './powerCurve';
export { SimClock } from './simClock';
export type { EnergyUnit } from './readings';
export {
  rpcLink,
  type OcppCallHandler,
  type OcppLink,
  type OcppLinkFactory,
  type OcppLinkOptions,
} from './ocppLink';
