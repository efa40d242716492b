// The charging session both protocol tests play: 6 kWh from 70 % to 80 % of a 60 kWh battery.
import type { ChargingScenario } from '../../../src/sim';

export const SESSION: ChargingScenario = {
  connectorId: 1,
  idTag: 'RFID-0001',
  startAt: '2026-03-02T08:00:00.000Z',
  meterStartWh: '125000',
  sampleIntervalSeconds: 60,
  battery: {
    capacityWh: '60000',
    startSocPercent: '70',
    targetSocPercent: '80',
    maxPowerW: '11000',
    taperFromSocPercent: '76',
    minPowerW: '3000',
  },
  idleTailSeconds: 600,
};
